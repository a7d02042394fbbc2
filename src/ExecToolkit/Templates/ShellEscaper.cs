using System;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>Escapes values so that <c>/bin/sh</c> reads them back verbatim at a given <see cref="ShellContext"/>.</summary>
/// <remarks>
/// <para>The value becomes one piece of the current word; it can never end the word, a quote or a substitution, start
/// a command, an expansion or a redirection. How the innermost context is escaped:</para>
/// <list type="bullet">
/// <item><description>Bare word (also a command word, a redirection target, or a bare <c>${X:-word}</c>): one single-quoted
/// piece, <c>'</c> + value with each <c>'</c> written as <c>'\''</c> + <c>'</c>; the empty value gives <c>''</c>.</description></item>
/// <item><description>Inside <c>'...'</c>: each <c>'</c> becomes <c>'\''</c>.</description></item>
/// <item><description>Inside <c>"..."</c>: a backslash before each of <c>\ $ " `</c>. <c>!</c> needs nothing: dash has no
/// history expansion.</description></item>
/// <item><description>Inside <c>"${X:-word}"</c> (or a here-document's <c>${...}</c>): as double-quoted, and <c>}</c> too; in a pattern
/// (<c>"${X#pattern}"</c>) also <c>* ? [ ~ # %</c> and <c>'</c> (quotes and a leading tilde keep their meaning in such a pattern, and a leading
/// <c>#</c> or <c>%</c> would turn <c>#</c> into <c>##</c>), so they match literally.</description></item>
/// <item><description>Inside <c>$((...))</c>: no quoting exists there and the text is evaluated (names are variables, <c>=</c>
/// assigns), so only a decimal integer (optional sign, at most 18 digits, no leading zero: dash and bash read 010 as 8)
/// is accepted; anything else throws.</description></item>
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
/// delimiter). When the position follows <c>$</c> or <c>$NAME</c> (<see cref="ShellContext.AdjoinsParameter"/>), an
/// empty <c>""</c> separates them, so the value cannot extend the parameter name.
/// </para>
/// <para>
/// Positions where no escaping keeps the value inert are refused with <see cref="UnsafeShellValueException"/>: a here-document
/// delimiter (<see cref="ShellContext.IsHereDocumentDelimiter"/>) and the parameter name of <c>${...}</c>
/// (<see cref="ShellContext.IsParameterName"/>).
/// </para>
/// <para>NUL characters cannot be passed to a shell: values containing one throw <see cref="UnsafeShellValueException"/>.</para>
/// </remarks>
public static class ShellEscaper
{
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
            throw new UnsafeShellValueException("The value contains a NUL character, which cannot be passed to a shell.", nameof(value));
        }

        if (context.IsHereDocumentDelimiter)
        {
            throw new UnsafeShellValueException("A value cannot be inserted into a here-document delimiter: it would decide where the body ends.", nameof(context));
        }

        if (context.IsParameterName)
        {
            throw new UnsafeShellValueException("A value cannot be inserted into the parameter name of ${...}: it would select a variable.", nameof(context));
        }

        string layers = context.Layers;
        int boundary = layers.Length - 1;
        while (boundary >= 0 && !IsSubstitution(layers[boundary]))
        {
            boundary--;
        }

        string local = layers.Substring(boundary + 1);
        var text = new StringBuilder(value.Length + 8);
        if (context.IsComment)
        {
            AppendBare(text, value.Replace('\n', ' '));
        }
        else
        {
            AppendLocal(text, value, local, context);
        }

        for (int i = boundary; i >= 0; i--)
        {
            if (layers[i] == '`' || layers[i] == 'B')
            {
                EscapeForBackquotes(text, layers[i] == 'B');
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

        var sb = new StringBuilder(uri.Length + 8);
        sb.Append(' ');
        AppendBare(sb, uri);
        return sb.ToString();
    }

    private static bool IsSubstitution(char c) => c == '$' || c == '`' || c == 'B';

    private static void AppendLocal(StringBuilder text, string value, string local, ShellContext context)
    {
        char innermost = local.Length == 0 ? '\0' : local[local.Length - 1];
        char underlying = '\0';
        for (int i = local.Length - 1; i >= 0; i--)
        {
            char c = local[i];
            if (c != '{' && c != 'P' && c != 'A')
            {
                underlying = c;
                break;
            }
        }

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
            case 'S':
                AppendSingleQuotedContent(text, value);
                break;
            case 'D':
                if (context.AdjoinsParameter)
                {
                    text.Append("\"\"");
                }

                AppendEscaped(text, value, "\\$\"`");
                break;
            case 'H':
            case 'Q':
                if (innermost == 'H')
                {
                    AppendEscaped(text, value, "\\$`");
                }
                else
                {
                    text.Append(value);
                }

                string escaped = text.ToString(start, text.Length - start);
                if (context.HereDocumentStripsTabs && escaped.Length > 0 && escaped[0] == '\t')
                {
                    throw new UnsafeShellValueException("At the start of a <<- here-document line the shell would strip the value's leading tabs.", nameof(value));
                }

                CheckHereDocumentGuard(escaped, context);
                if (context.AdjoinsParameter && escaped.Length > 0 && CouldExtendParameter(escaped[0]))
                {
                    throw new UnsafeShellValueException("A value starting with '" + escaped[0] + "' would extend the parameter before it in a here-document.", nameof(value));
                }

                break;
            case 'A':
                CheckArithmetic(value, context);
                text.Append(value);
                break;
            case '{':
            case 'P':
                if (underlying == 'D' || underlying == 'H')
                {
                    if (context.AdjoinsParameter)
                    {
                        text.Append("\"\"");
                    }

                    AppendEscaped(text, value, innermost == 'P' ? "\\$\"`}*?['~#%" : "\\$\"`}");
                }
                else
                {
                    if (context.AdjoinsParameter)
                    {
                        text.Append("\"\"");
                    }

                    AppendBare(text, value);
                }

                break;
            default:
                if (context.AdjoinsParameter)
                {
                    text.Append("\"\"");
                }

                AppendBare(text, value);
                break;
        }
    }

    private static bool CouldExtendParameter(char c) =>
        c == '_' || c == '{' || c == '(' || c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '!'
        || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static void CheckHereDocumentGuard(string escaped, ShellContext context)
    {
        string? guard = context.HereDocumentGuard;
        if (guard == null)
        {
            return;
        }

        string stripped = escaped.TrimStart('\t');
        bool hit = context.HereDocumentGuardIsExact
            ? string.Equals(escaped, guard, StringComparison.Ordinal) || string.Equals(stripped, guard, StringComparison.Ordinal)
            : guard.Contains(stripped) || guard.Contains(escaped);
        if (hit)
        {
            throw new UnsafeShellValueException("The value would turn its here-document line into the delimiter line.", nameof(context));
        }
    }

    // Arithmetic expansion evaluates its text: names are variables (bash even evaluates their values as expressions,
    // array subscripts included) and '=' assigns. Only an integer is inert there.
    private static void CheckArithmetic(string value, ShellContext context)
    {
        int start = value.Length > 0 && (value[0] == '-' || value[0] == '+') ? 1 : 0;
        bool digits = value.Length > start && value.Length - start <= 18;
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
