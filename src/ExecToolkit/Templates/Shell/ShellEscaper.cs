using System;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>
/// Escapes values so that every shell a user may have as <c>/bin/sh</c> (dash, bash, busybox ash, mksh, ksh93, zsh, yash,
/// posh) reads them back verbatim at a given <see cref="ShellContext"/>, or refuses them where
/// <see cref="ShellDifferences"/> says the shells disagree (docs/shell-safety.md lists every context).
/// </summary>
/// <remarks>
/// <para>The value becomes one piece of the current word; it can never end the word, a quote or a substitution, start
/// a command, an expansion or a redirection. How the innermost context is escaped:</para>
/// <list type="bullet">
/// <item><description>Bare word (also a command word, a redirection target, or a bare <c>${X:-word}</c>): one single-quoted
/// piece, <c>'</c> + value with each <c>'</c> written as <c>'\''</c> + <c>'</c>; the empty value gives <c>''</c>.</description></item>
/// <item><description>Inside <c>'...'</c>: each <c>'</c> becomes <c>'\''</c>.</description></item>
/// <item><description>Inside <c>"..."</c>: a backslash before each of <c>\ $ " `</c>. <c>!</c> needs nothing: no shell
/// expands history in a non-interactive <c>-c</c> command.</description></item>
/// <item><description>Inside <c>"${X:-word}"</c> (or a here-document's <c>${...}</c>): as double-quoted, and <c>}</c> too; in a pattern
/// (<c>"${X#pattern}"</c>) a nested <c>"..."</c> holding the value double-quote-escaped, each <c>{</c> written outside it as
/// <c>\{</c> (bash applies brace expansion there), so the pattern matches literally.</description></item>
/// <item><description>Inside <c>$((...))</c>: no quoting exists there and the text is evaluated (names are variables, <c>=</c>
/// assigns), so only a decimal integer within 32 bits (mksh wraps beyond) with an optional sign and no leading zero
/// (dash and bash read 010 as 8) is accepted; anything else throws.</description></item>
/// <item><description>Comment: a comment ends at a newline, after which the value would run as a command, so each newline of
/// the value is replaced by a space (the text of a comment has no effect), then it is escaped as a bare word.</description></item>
/// <item><description>Here-document body: a value may not contain a newline (it could end the body), nor become the delimiter line
/// (checked against the guard the scanner computed), nor start with a tab at the start of a <c>&lt;&lt;-</c> line (the shell
/// strips it); these throw. With an unquoted delimiter <c>\ $ `</c> get a
/// backslash; with a quoted delimiter the value is inserted as is.</description></item>
/// </list>
/// <para>
/// Then, for every enclosing backquote substitution, innermost first, a backslash is put before each <c>\ ` $</c>
/// (and <c>"</c> when the backquotes are inside double quotes or a here-document), which the shell removes when it
/// reads the backquoted text. <c>$(...)</c> removes nothing, so it adds no layer.
/// </para>
/// <para>
/// When an escaping backslash of the template directly precedes the position (<see cref="ShellContext.FollowsBackslash"/>),
/// the text starts with a newline: backslash-newline is a line continuation that the shell deletes, so the backslash
/// cannot swallow the first character (in a here-document this throws, since a continued line can be read as the
/// delimiter). When the position follows <c>$NAME</c> (<see cref="ShellContext.AdjoinsParameter"/>), an empty <c>""</c>
/// separates them, so the value cannot extend the parameter name; after a lone <c>$</c> outside quotes the first
/// character is backslash-escaped instead (bash, ksh93 and mksh read <c>$""</c> and <c>$''</c> as quoting).
/// </para>
/// <para>
/// Positions where no escaping keeps the value inert are refused with <see cref="UnsafeShellValueException"/>: a here-document
/// delimiter (<see cref="ShellContext.IsHereDocumentDelimiter"/>) and the parameter name of <c>${...}</c>
/// (<see cref="ShellContext.IsParameterName"/>).
/// </para>
/// <para>NUL characters cannot be passed to a shell: values containing one throw <see cref="UnsafeShellValueException"/>
/// (one rule for the runtime and generated code; <c>Verbatim</c> mode cuts the command at the NUL instead, as Kamailio).</para>
/// </remarks>
internal static class ShellEscaper
{
    /// <summary>The reason a value holding a NUL is refused.</summary>
    internal const string NulRefusal = "The value contains a NUL character, which no command line can hold (cutting the value there would change what it says).";

    /// <summary>Appends <paramref name="value"/> so that sh reads it back as exactly that value, in <paramref name="context"/>.</summary>
    /// <param name="destination">The command line being built.</param>
    /// <param name="value">The value; any characters except NUL.</param>
    /// <param name="context">Where the value is inserted, from <see cref="ShellScanner.Scan"/>.</param>
    /// <exception cref="UnsafeShellValueException">The value cannot be represented safely in this context.</exception>
    public static void Append(StringBuilder destination, string value, ShellContext context)
    {
        _ = destination ?? throw new ArgumentNullException(nameof(destination));
        _ = value ?? throw new ArgumentNullException(nameof(value));
        if (HasChar(value, '\0'))
        {
            throw new UnsafeShellValueException(NulRefusal, nameof(value));
        }

        if (context.IsHereDocumentDelimiter)
        {
            throw new UnsafeShellValueException("A value cannot be inserted into a here-document delimiter: it would decide where the body ends.", nameof(context));
        }

        if (context.IsParameterName)
        {
            throw new UnsafeShellValueException("A value cannot be inserted into the parameter name of ${...}: it would select a variable.", nameof(context));
        }

        ShellDifferences.Check(value, context);
        ShellLayers layers = context.LayerStack;
        var text = new StringBuilder(value.Length + 8);
        if (context.IsComment)
        {
            AppendBare(text, value.Replace('\n', ' '));
        }
        else
        {
            AppendLocal(text, value, layers, context);
        }

        // Each enclosing backquoted substitution removes a level of backslashes before it reads its text.
        foreach (ShellLayer layer in layers.InnermostFirst)
        {
            if (layer.IsBackquotes)
            {
                EscapeForBackquotes(text, layer.DropsBackslashBeforeDoubleQuote);
            }
        }

        destination.Append(text);
    }

    /// <summary>Returns <paramref name="value"/> escaped for <paramref name="context"/>; see <see cref="Append"/>.</summary>
    /// <param name="value">The value; any characters except NUL.</param>
    /// <param name="context">Where the value is inserted, from <see cref="ShellScanner.Scan"/>.</param>
    /// <returns>The text to insert.</returns>
    /// <exception cref="UnsafeShellValueException">The value cannot be represented safely in this context.</exception>
    public static string Escape(string value, ShellContext context)
    {
        var sb = new StringBuilder();
        Append(sb, value, context);
        return sb.ToString();
    }

    /// <summary>
    /// The text <c>exec_dset</c> appends to its command for the request URI: a space and the URI as one single-quoted
    /// word, <c>" '" + uri with ' replaced by '\'' + "'"</c>.
    /// </summary>
    /// <param name="uri">The request URI.</param>
    /// <returns>The text to append to the command line.</returns>
    /// <exception cref="ArgumentException">The URI contains a NUL character.</exception>
    public static string QuoteAppendedUri(string uri)
    {
        _ = uri ?? throw new ArgumentNullException(nameof(uri));
        if (HasChar(uri, '\0'))
        {
            throw new UnsafeShellValueException("The URI contains a NUL character, which cannot be passed to a shell.", nameof(uri));
        }

        if (!HasChar(uri, '\''))
        {
            // The usual URI: nothing to rewrite inside the quotes.
            return string.Concat(" '", uri, "'");
        }

        var sb = new StringBuilder(uri.Length + 8);
        sb.Append(' ');
        AppendBare(sb, uri);
        return sb.ToString();
    }

    private static void AppendLocal(StringBuilder text, string value, ShellLayers layers, ShellContext context)
    {
        ShellLayerKind? innermost = layers.LocalInnermost?.Kind;
        bool underDoubleQuotes = layers.ReadsLikeDoubleQuotes;

        bool hereDocument = context.IsHereDocument;
        if (hereDocument && HasChar(value, '\n'))
        {
            throw new UnsafeShellValueException("A value inserted into a here-document cannot contain a newline: it could end the here-document.", nameof(value));
        }

        if (context.FollowsBackslash)
        {
            if (hereDocument)
            {
                throw new UnsafeShellValueException("A placeholder directly after a backslash in a here-document cannot be escaped safely.", nameof(context));
            }

            text.Append('\n');
        }

        int start = text.Length;
        switch (innermost)
        {
            case ShellLayerKind.SingleQuotes:
                AppendSingleQuotedContent(text, value);
                break;
            case ShellLayerKind.DoubleQuotes:
                if (context.AdjoinsParameter)
                {
                    text.Append("\"\"");
                }

                AppendEscaped(text, value, "\\$\"`");
                break;
            case ShellLayerKind.HereDocument:
            case ShellLayerKind.QuotedHereDocument:
                text.Append(InHereDocument(value, innermost == ShellLayerKind.HereDocument));

                string escaped = text.ToString(start, text.Length - start);
                if (context.HereDocumentStripsTabs && escaped.Length > 0 && escaped[0] == '\t')
                {
                    throw new UnsafeShellValueException("At the start of a <<- here-document line the shell would strip the value's leading tabs.", nameof(value));
                }

                CheckHereDocumentGuard(escaped, context);
                if (context.AdjoinsParameter && innermost == ShellLayerKind.HereDocument)
                {
                    CheckNothingExtends(escaped, context);
                }

                break;
            case ShellLayerKind.Arithmetic:
                CheckArithmetic(value, context);
                text.Append(value);
                break;
            case ShellLayerKind.ParameterWord:
            case ShellLayerKind.ParameterPattern:
                if (underDoubleQuotes)
                {
                    // Inside ${...} bash reads $"" as a translated string even in double quotes: after a lone '$'
                    // nothing may separate, so the value must start with a character '$' leaves alone.
                    if (context.AdjoinsParameter && !context.FollowsLoneDollar)
                    {
                        text.Append("\"\"");
                    }

                    if (innermost == ShellLayerKind.ParameterPattern)
                    {
                        // A nested "..." makes the pattern literal in every shell (backslashes before $ or ( are not
                        // read as escapes there by mksh and ksh93). In double quotes bash applies brace expansion to
                        // such a pattern as if the nested quotes were none, so each '{' is written outside them as \{.
                        bool inDoubleQuotes = layers.Underlying!.Quoting == ShellQuoting.DoubleQuoted;
                        text.Append('"');
                        foreach (char c in value)
                        {
                            if (c == '{' && inDoubleQuotes)
                            {
                                text.Append("\"\\{\"");
                                continue;
                            }

                            if (c == '\\' || c == '$' || c == '"' || c == '`')
                            {
                                text.Append('\\');
                            }

                            text.Append(c);
                        }

                        text.Append('"');
                    }
                    else
                    {
                        AppendEscaped(text, value, "\\$\"`}");
                    }
                }
                else
                {
                    AppendBareAfter(text, value, context);
                }

                if (underDoubleQuotes && context.FollowsLoneDollar)
                {
                    CheckNothingExtends(text.ToString(start, text.Length - start), context);
                }

                break;
            default:
                AppendBareAfter(text, value, context);
                break;
        }
    }

    // In a here-document (and after a lone '$' inside a quoted ${...}) nothing can separate a value from the '$' or
    // '$NAME' before it. After a lone '$' the value must
    // start with a character after which '$' starts nothing in any shell (a name, ${, $(, bash's $[, zsh's $^ $~ $= $+,
    // ksh93's $. ...): only those listed here; after $NAME with one that cannot continue a name (ksh93 reads non-ASCII
    // letters as name characters in a UTF-8 locale). An empty value is refused too: the template's next character
    // would follow the '$' instead.
    private static void CheckNothingExtends(string escaped, ShellContext context)
    {
        bool safe = escaped.Length > 0 && (context.FollowsLoneDollar
            ? " \t/,:;%&)]}<>|\\".IndexOf(escaped[0]) >= 0
            : escaped[0] < 0x80 && !IsNameChar(escaped[0]));
        if (!safe)
        {
            string what = escaped.Length == 0 ? "An empty value" : "A value starting with '" + escaped[0] + "'";
            throw new UnsafeShellValueException(what + " would extend or change the " + (context.FollowsLoneDollar ? "'$'" : "parameter") + " before it: nothing can separate them " + (context.IsHereDocument ? "in a here-document." : "inside ${...}."), nameof(escaped));
        }
    }

    private static bool IsNameChar(char c) => c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    // A bare value: one single-quoted piece. After a parameter ($NAME, $1) an empty "" ends the name first. After a lone
    // '$' no quote may follow: bash, ksh93 and mksh read $'...' as C-style quoting and $"..." as a translated string,
    // dropping the '$'. There the first character is written backslash-escaped, which ends nothing and leaves the '$'
    // literal in every shell, and the rest single-quoted; an empty value or one starting with a line break (which a
    // backslash would turn into a line continuation) has no such form and is refused.
    private static void AppendBareAfter(StringBuilder text, string value, ShellContext context)
    {
        if (!context.FollowsLoneDollar)
        {
            if (context.AdjoinsParameter)
            {
                text.Append("\"\"");
            }

            AppendBare(text, value);
            return;
        }

        if (value.Length == 0 || value[0] == '\n')
        {
            throw new UnsafeShellValueException("After a '$' outside quotes a value must start with a character other than a line break: every shell keeps the '$' literal only before a backslash-escaped character.", nameof(value));
        }

        int first = FirstCharacterLength(value);
        text.Append('\\').Append(value, 0, first);
        if (value.Length > first)
        {
            AppendBare(text, value.Substring(first));
        }
    }

    // The first character as the shell reads it: a surrogate pair, or escaped bytes (U+DC80-U+DCFF stand for bytes that
    // are not UTF-8 on their own, see SipText) that together are one UTF-8 character: a quote between them would leave
    // bytes that are not UTF-8 (yash then runs nothing).
    private static int FirstCharacterLength(string value)
    {
        char c = value[0];
        if (char.IsHighSurrogate(c) && value.Length > 1 && char.IsLowSurrogate(value[1]))
        {
            return 2;
        }

        int continuation = c >= '\uDCC2' && c <= '\uDCDF' ? 1 : c >= '\uDCE0' && c <= '\uDCEF' ? 2 : c >= '\uDCF0' && c <= '\uDCF4' ? 3 : 0;
        int length = 1;
        while (length <= continuation && length < value.Length && value[length] >= '\uDC80' && value[length] <= '\uDCBF')
        {
            length++;
        }

        return length;
    }

    private static void CheckHereDocumentGuard(string escaped, ShellContext context)
    {
        if (context.HereDocumentLine is HereDocumentLine line && line.EndsHereDocument(escaped))
        {
            throw new UnsafeShellValueException("The value would turn its here-document line into the delimiter line.", nameof(context));
        }
    }

    // Arithmetic expansion evaluates its text: names are variables (bash even evaluates their values as expressions,
    // array subscripts included) and '=' assigns. Only an integer is inert there.
    private static void CheckArithmetic(string value, ShellContext context)
    {
        int start = value.Length > 0 && (value[0] == '-' || value[0] == '+') ? 1 : 0;
        bool digits = value.Length > start;
        for (int i = start; digits && i < value.Length; i++)
        {
            digits = value[i] >= '0' && value[i] <= '9';
        }

        if (!digits)
        {
            throw new UnsafeShellValueException("Only an integer can be inserted into an arithmetic expansion, not '" + value + "'.", nameof(value));
        }

        if (value.Length - start > 1 && value[start] == '0')
        {
            // dash and bash read a leading 0 as octal (010 is 8, 08 an error); other shells may read it as decimal. Either
            // way the number is not surely the decimal one the value says.
            throw new UnsafeShellValueException("An integer with a leading zero reads as octal in an arithmetic expansion: '" + value + "'.", nameof(value));
        }

        // mksh computes in 32 bits: a larger number would wrap there.
        if (!int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new UnsafeShellValueException("An integer in an arithmetic expansion must lie within 32 bits (mksh wraps beyond that): '" + value + "'.", nameof(value));
        }

        if (context.AdjoinsParameter)
        {
            throw new UnsafeShellValueException("The value would extend the parameter before it in an arithmetic expansion.", nameof(value));
        }
    }

    private static bool HasChar(string text, char c) => IsOneOf(c, text);

    private static bool IsOneOf(char c, string set)
    {
        foreach (char s in set)
        {
            if (s == c)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendBare(StringBuilder text, string value)
    {
        text.Append('\'');
        AppendSingleQuotedContent(text, value);
        text.Append('\'');
    }

    private static void AppendSingleQuotedContent(StringBuilder text, string value)
    {
        foreach (char c in value)
        {
            if (c == '\'')
            {
                text.Append("'\\''");
            }
            else
            {
                text.Append(c);
            }
        }
    }

    /// <summary>
    /// A value as written into a here-document body: in an unquoted one a backslash before each <c>\ $ `</c>, in a
    /// quoted one (<c>&lt;&lt;'EOF'</c>) as it is.
    /// </summary>
    internal static string InHereDocument(string value, bool unquoted)
    {
        if (!unquoted || value.IndexOfAny(HereDocumentSpecials) < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8);
        AppendEscaped(text, value, "\\$`");
        return text.ToString();
    }

    private static readonly char[] HereDocumentSpecials = { '\\', '$', '`' };

    private static void AppendEscaped(StringBuilder text, string value, string special)
    {
        foreach (char c in value)
        {
            if (IsOneOf(c, special))
            {
                text.Append('\\');
            }

            text.Append(c);
        }
    }

    private static void EscapeForBackquotes(StringBuilder text, bool doubleQuoted)
    {
        string current = text.ToString();
        text.Length = 0;
        foreach (char c in current)
        {
            if (c == '\\' || c == '`' || c == '$' || (doubleQuoted && c == '"'))
            {
                text.Append('\\');
            }

            text.Append(c);
        }
    }
}
