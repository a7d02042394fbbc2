using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ExecToolkit.Tests.Templates.Shells;

/// <summary>
/// One place a template can put a value, written as a Kamailio template that sets the positional parameters
/// (<c>set -- ...</c>); <see cref="Expected"/> is what every shell must leave in <c>$1</c> (<c>{v}</c> stands for the
/// value, <c>{int}</c> for the value read as a decimal integer), with <c>$#</c> 1. <see cref="MustRefuse"/> is the
/// documented rule for values ShellSafe refuses there: the tests check a value is refused exactly when the rule says so.
/// </summary>
public sealed record SafetyContext(string Name, string Template, string Expected, Func<string, bool> MustRefuse)
{
    /// <summary>
    /// How many values run in one shell process for the property test. Null for a context whose template forks nothing:
    /// its batch is the template once per value (<see cref="BatchForm"/>). A context whose template runs a command
    /// substitution or <c>cat</c> per value names a form that puts every value of a batch in one substitution or one
    /// here-document instead, so a batch costs one fork rather than one per value; a test checks every value of such a
    /// form lands in the very context (<see cref="ExecToolkit.Templates.ShellContext"/>) the template gives it.
    /// </summary>
    public SafetyBatch? Batch { get; init; }

    /// <summary><see cref="Batch"/>, or the template repeated with each value's <c>$#</c> and <c>$1</c> recorded.</summary>
    public SafetyBatch BatchForm => Batch ?? new SafetyBatch("", Template + "\n" + SafetyBatch.Record, SafetyBatch.Report, Expected, Lines: false);

    public override string ToString() => Name;

    /// <summary>The template and the printout of the positional parameters, NUL-terminated.</summary>
    public string FullTemplate => Template + "; printf '%s\\0' \"$$#\" \"$$@\"";

    /// <summary>The outputs accepted for <paramref name="value"/>: alternatives of <see cref="Expected"/> are separated by '|'.</summary>
    public IEnumerable<string> ExpectedFor(string value, string home) => Outputs(Expected, value, home);

    /// <summary>The outputs <paramref name="expected"/> (as <see cref="Expected"/>) accepts for <paramref name="value"/>.</summary>
    public static IEnumerable<string> Outputs(string expected, string value, string home) => expected == "{int}"
        ? new[] { long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) }
        : expected.Split('|').Select(e => e.Replace("{home}", home, StringComparison.Ordinal).Replace("{v}", value, StringComparison.Ordinal));
}

/// <summary>
/// Many values of one <see cref="SafetyContext"/> as one template: <see cref="Before"/> for each value (a line each),
/// <see cref="Open"/>, <see cref="Each"/> for each value (a line each), <see cref="Close"/>. In them <c>$var(v)</c> is the
/// value, <c>{i}</c> its index and <c>{n}</c> the count. With <see cref="Lines"/> false each value records its <c>$#</c>
/// and <c>$1</c> in <c>_c{i}</c> and <c>_v{i}</c>, and <c>_report {n}</c> (defined by the harness) prints them all,
/// NUL-terminated, to descriptor 3 (standard output, also from inside a command substitution); with <see cref="Lines"/>
/// true the output is one line per value and a last line <c>end</c>. <see cref="Expected"/> is what each value's
/// <c>$1</c> or line must be, as <see cref="SafetyContext.Expected"/>.
/// </summary>
public sealed record SafetyBatch(string Open, string Each, string Close, string Expected, bool Lines, string Before = "")
{
    /// <summary>Records one value's <c>$#</c> and <c>$1</c> (template text).</summary>
    public const string Record = "_c{i}=$$#; _v{i}=$$1";

    /// <summary>Prints the records of the batch (template text).</summary>
    public const string Report = "_report {n} >&3";

    /// <summary>
    /// The shell text the harness runs before a batch: descriptor 3 for the records, and <c>_report N</c> (not <c>r</c>, an alias of mksh and yash), which prints
    /// <c>_c0 _v0 ... _c(N-1) _v(N-1)</c> NUL-terminated with one <c>printf</c> (an external command in mksh and posh).
    /// </summary>
    public const string Prelude = "exec 3>&1\n_report() { _a=; _i=0; while [ \"$_i\" -lt \"$1\" ]; do _a=\"$_a \\\"\\$_c$_i\\\" \\\"\\$_v$_i\\\"\"; _i=$((_i + 1)); done; eval \"printf '%s\\\\0' $_a\"; }\n";

    /// <summary>The template for <paramref name="count"/> values: <c>$var(v0)</c> ... <c>$var(v{count-1})</c>.</summary>
    public string TemplateFor(int count)
    {
        var sb = new System.Text.StringBuilder();
        if (Before.Length != 0)
        {
            for (int i = 0; i < count; i++)
            {
                sb.Append(Indexed(Before, i)).Append('\n');
            }
        }

        sb.Append(Open);
        for (int i = 0; i < count; i++)
        {
            sb.Append(Indexed(Each, i)).Append('\n');
        }

        return sb.Append(Close.Replace("{n}", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).Append('\n').ToString();
    }

    private static string Indexed(string text, int i) =>
        text.Replace("$var(v)", "$var(v" + i.ToString(CultureInfo.InvariantCulture) + ")", StringComparison.Ordinal).Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

public static class SafetyContexts
{
    // Values as the arguments of set -- inside one command substitution (or backquotes) around the whole batch.
    private static SafetyBatch Substituted(string open, string word, string close, string expected = "{v}") =>
        new(open, "set -- " + word + "; " + SafetyBatch.Record, SafetyBatch.Report + close, expected, Lines: false);

    // Values as lines of one here-document.
    private static SafetyBatch HereLines(string open, string line, string expected, string close = "end\nEOF", string before = "") =>
        new(open, line, close, expected, Lines: true, before);

    private const string InSubstitutionClose = "end\nEOF\n)\"";

    private static bool Nul(string v) => v.Contains('\0', StringComparison.Ordinal);

    // A here-document body ends at a line equal to its delimiter: a line break in a value is refused.
    // ksh93 loops forever or crashes on bytes that are not UTF-8 in a here-document.
    private static bool HereDocument(string v) => Nul(v) || v.Contains('\n', StringComparison.Ordinal) || v.Any(char.IsSurrogate) && !IsValidUtf16(v);

    private static bool IsValidUtf16(string v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (char.IsHighSurrogate(v[i]) && i + 1 < v.Length && char.IsLowSurrogate(v[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    // A line in a here-document whose whole text is the value: it must not be the delimiter.
    private static bool HereDocumentLine(string v) => HereDocument(v) || v == "EOF" || Ksh93DelimiterStart(v);

    // ksh93 ends a here-document at a line that begins with the delimiter and ')', and loops forever when a character of
    // more than one byte follows the delimiter there; dash drops a byte over 127 there.
    private static bool Ksh93DelimiterStart(string v) => v.Length > 3 && v.StartsWith("EOF", StringComparison.Ordinal) && (v[3] == ')' || v[3] >= 0x80);

    // A line in a <<- here-document: leading tabs would be stripped, and a tab-led delimiter ends it too.
    private static bool StrippedHereDocumentLine(string v) => HereDocumentLine(v) || v.StartsWith('\t');

    // $((...)): a decimal integer within 32 bits without a leading zero, nothing else.
    private static bool NotDecimal(string v)
    {
        int start = v.Length > 0 && (v[0] == '-' || v[0] == '+') ? 1 : 0;
        string digits = v[start..];
        return digits.Length == 0 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0')
            || !int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }

    // After a lone '$' outside quotes the first character is backslash-escaped: an empty value or a leading line break has no such form.
    private static bool AfterBareDollar(string v) => Nul(v) || v.Length == 0 || v[0] == '\n';

    // After a lone '$' in a here-document nothing can separate them: a first character that would make '$' start something is refused.
    private static bool AfterHereDocumentDollar(string v) => HereDocument(v) || v.Length == 0 || !" \t/,:;%&)]}<>|\\`$".Contains(v[0], StringComparison.Ordinal);

    private static bool AfterHereDocumentName(string v) => HereDocument(v) || v.Length == 0 || IsName(v[0]) || v[0] >= 0x80;

    private static bool IsName(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    // Process substitutions, which bash reads inside ${...} even in double quotes or a here-document.
    private static bool ProcessSubstitution(string v) => v.Contains("<(", StringComparison.Ordinal) || v.Contains(">(", StringComparison.Ordinal);


    private static bool Has(string v, string any) => v.IndexOfAny(any.ToCharArray()) >= 0;

    // bash, ksh93 and yash match single quotes in "${X:-word}"; yash expands a leading tilde there.
    private static bool QuotedBraceWord(string v) => Nul(v) || Has(v, "'") || ProcessSubstitution(v) || v.StartsWith('~');

    private static bool HereDocumentBraceWord(string v) => HereDocument(v) || Has(v, "'\"") || ProcessSubstitution(v) || v.StartsWith('~');

    private static bool HereDocumentPattern(string v) => HereDocument(v) || Has(v, "\"") || ProcessSubstitution(v);

    // posh reads the body of a here-document inside $(...) as commands while it looks for the closing parenthesis.
    private static Func<string, bool> InSubstitution(Func<string, bool> rule) => v => rule(v) || Has(v, "'\"()`");

    // bash (a $(...) in "`...`") and posh (a `...` in $(...)) do not balance '\'' there.
    private static bool NestedSubstitutions(string v) => Nul(v) || Has(v, "'");

    // The body goes to a file and back: bash's read mishandles a line ending in an invalid UTF-8 byte.
    private static string TopLevelHereDocument(string delimiter, string body) => "cat >here.txt <<" + delimiter + "\n" + body + "\nEOF\nset -- \"$$(cat here.txt)\"";

    private static string HereDocumentInSubstitution(string delimiter, string body) => "set -- \"$$(cat <<" + delimiter + "\n" + body + "\nEOF\n)\"";

    public static readonly SafetyContext[] All =
    {
        new("bare word", "set -- $var(v)", "{v}", Nul),
        new("inside a bare word", "set -- a$var(v)b", "a{v}b", Nul),
        // ksh93 reads quoted text after '~' as part of the tilde prefix: every value is refused there.
        new("after a tilde", "set -- ~$var(v)", "~{v}", _ => true),
        new("after a tilde and a slash", "set -- ~/$var(v)", "{home}/{v}", Nul),
        new("assignment", "X=$var(v); set -- \"$$X\"", "{v}", Nul),
        new("single-quoted", "set -- 'a$var(v)b'", "a{v}b", Nul),
        new("double-quoted", "set -- \"a$var(v)b\"", "a{v}b", Nul),
        new("double-quoted assignment", "X=\"$var(v)\"; set -- \"$$X\"", "{v}", Nul),
        new("after a bare $", "set -- a$$$var(v)", "a${v}", AfterBareDollar),
        new("after a double-quoted $", "set -- \"a$$$var(v)\"", "a${v}", Nul),
        new("after a bare $NAME", "N=n; set -- $$N$var(v)", "n{v}", Nul),
        new("after a double-quoted $NAME", "N=n; set -- \"$$N$var(v)\"", "n{v}", Nul),
        new("after ${NAME}", "N=n; set -- \"$${N}$var(v)\"", "n{v}", Nul),
        new("after a bare backslash", "set -- a\\$var(v)", "a{v}", Nul),
        new("after a double-quoted backslash", "set -- \"a\\$var(v)\"", "a{v}", Nul),
        new("comment", "set -- a # $var(v)\ntrue", "a", Nul),
        new("case pattern", "case '$var(v)' in $var(v)) set -- y;; *) set -- n;; esac", "y", Nul),
        new("double-quoted case pattern", "case \"$var(v)\" in \"$var(v)\") set -- y;; *) set -- n;; esac", "y", Nul),
        new("bare in $(...)", "set -- \"$$(printf '%s!' $var(v))\"", "{v}!", Nul) { Batch = Substituted(": \"$$(", "$var(v)", ")\"") },
        new("double-quoted in $(...)", "set -- \"$$(printf '%s!' \"$var(v)\")\"", "{v}!", Nul) { Batch = Substituted(": \"$$(", "\"$var(v)\"", ")\"") },
        new("single-quoted in $(...)", "set -- \"$$(printf '%s!' 'x$var(v)')\"", "x{v}!", Nul) { Batch = Substituted(": \"$$(", "'x$var(v)'", ")\"", "x{v}") },
        new("bare in `...` in double quotes", "set -- \"`printf '%s!' $var(v)`\"", "{v}!", Nul) { Batch = Substituted(": \"`", "$var(v)", "`\"") },
        new("double-quoted in `...` in double quotes", "set -- \"`printf '%s!' \\\"$var(v)\\\"`\"", "{v}!", Nul) { Batch = Substituted(": \"`", "\\\"$var(v)\\\"", "`\"") },
        new("single-quoted in `...` in double quotes", "set -- \"`printf '%s!' 'x$var(v)'`\"", "x{v}!", Nul) { Batch = Substituted(": \"`", "'x$var(v)'", "`\"", "x{v}") },
        new("bare in `...`", "X=`printf '%s!' $var(v)`; set -- \"$$X\"", "{v}!", Nul) { Batch = Substituted("X=`", "$var(v)", "`") },
        new("double-quoted in `...`", "X=`printf '%s!' \"$var(v)\"`; set -- \"$$X\"", "{v}!", Nul) { Batch = Substituted("X=`", "\"$var(v)\"", "`") },
        new("single-quoted in `...`", "X=`printf '%s!' 'x$var(v)'`; set -- \"$$X\"", "x{v}!", Nul) { Batch = Substituted("X=`", "'x$var(v)'", "`", "x{v}") },
        new("bare in $(...) in `...`", "set -- \"`printf '%s!' \\\"$$(printf '%s.' $var(v))\\\"`\"", "{v}.!", NestedSubstitutions) { Batch = Substituted(": \"`: \\\"$$(", "$var(v)", ")\\\"`\"") },
        new("bare in `...` in $(...)", "set -- \"$$(X=`printf '%s.' $var(v)`; printf '%s!' \"$$X\")\"", "{v}.!", NestedSubstitutions) { Batch = Substituted(": \"$$(: `", "$var(v)", "`)\"") },
        new("double-quoted in `...` in $(...)", "set -- \"$$(X=`printf '%s.' \"$var(v)\"`; printf '%s!' \"$$X\")\"", "{v}.!", v => Nul(v) || Has(v, "\"")) { Batch = Substituted(": \"$$(: `", "\"$var(v)\"", "`)\"") },
        new("bare in `...` in `...`", "X=`Y=\\`printf '%s.' $var(v)\\`; printf '%s!' \"$$Y\"`; set -- \"$$X\"", "{v}.!", Nul) { Batch = Substituted("X=`Y=\\`", "$var(v)", "\\``") },
        new("double-quoted in nested `...`", "X=`printf '%s' \"\\`printf '%s!' \\\\\"$var(v)\\\\\"\\`\"`; set -- \"$$X\"", "{v}!", Nul) { Batch = Substituted("X=`: \"\\`", "\\\\\"$var(v)\\\\\"", "\\`\"`") },
        new("after a backslash in `...`", "X=`printf '%s!' \\$var(v)`; set -- \"$$X\"", "{v}!", Nul) { Batch = Substituted("X=`", "\\$var(v)", "`") },
        new("after a double-quoted $ in `...`", "X=`printf '%s!' \"$$$var(v)\"`; set -- \"$$X\"", "${v}!", Nul) { Batch = Substituted("X=`", "\"$$$var(v)\"", "`", "${v}") },
        new("comment in `...`", "X=`printf '%s' x # $var(v)\n`; set -- \"$$X\"", "x", Nul) { Batch = new("X=`", "set -- x # $var(v)\n" + SafetyBatch.Record, SafetyBatch.Report + "`", "x", Lines: false) },
        new("${X:-word}", "set -- $${UNSET_X:-$var(v)}", "{v}", v => Nul(v) || v.Length == 0),
        new("inside ${X:-word}", "set -- $${UNSET_X:-a$var(v)b}", "a{v}b", v => Nul(v) || v.Length == 0),
        new("\"${X:-word}\"", "set -- \"$${UNSET_X:-$var(v)}\"", "{v}", QuotedBraceWord),
        new("\"${X:+word}\"", "X=1; set -- \"$${X:+a$var(v)b}\"", "a{v}b", QuotedBraceWord),
        new("\"${X=word}\"", "unset X; set -- \"$${X=$var(v)}\"", "{v}", QuotedBraceWord),
        new("\"${X:-\"word\"}\"", "set -- \"$${UNSET_X:-\"$var(v)\"}\"", "{v}", _ => true),
        new("after a backslash in ${X:-word}", "set -- $${UNSET_X:-\\$var(v)}", "{v}", v => Nul(v) || v.Length == 0),
        new("after a backslash in \"${X:-word}\"", "set -- \"$${UNSET_X:-\\$var(v)}\"", "{v}", QuotedBraceWord),
        new("after a $ in \"${X:-word}\"", "set -- \"$${UNSET_X:-$$$var(v)}\"", "${v}", v => QuotedBraceWord(v) || v.Length == 0 || !" \t/,:;%&)]}<>|\\$`\"".Contains(v[0], StringComparison.Ordinal)),
        new("single-quoted in \"${X#pattern}\"", "X='$var(v)z'; set -- \"$${X#'$var(v)'}\"", "z", _ => true),
        new("\"${X#pattern}\"", "X='$var(v)z'; set -- \"$${X#$var(v)}\"", "z", v => Nul(v) || ProcessSubstitution(v)),
        new("\"${X##pattern}\"", "X='$var(v)z'; set -- \"$${X##$var(v)}\"", "z", v => Nul(v) || ProcessSubstitution(v)),
        new("\"${X%pattern}\"", "X='z$var(v)'; set -- \"$${X%$var(v)}\"", "z", v => Nul(v) || ProcessSubstitution(v)),
        new("\"${X%%pattern}\"", "X='z$var(v)'; set -- \"$${X%%$var(v)}\"", "z", v => Nul(v) || ProcessSubstitution(v)),
        new("${X#pattern}", "X='$var(v)z'; set -- $${X#$var(v)}", "z", Nul),
        new("${X%pattern}", "X='z$var(v)'; set -- $${X%$var(v)}", "z", Nul),
        new("\"${X:-word}\" in `...`", "X=`printf '%s!' \"$${UNSET_X:-$var(v)}\"`; set -- \"$$X\"", "{v}!", QuotedBraceWord) { Batch = Substituted("X=`", "\"$${UNSET_X:-$var(v)}\"", "`") },
        new("\"${X:-word}\" in $(...)", "set -- \"$$(printf '%s!' \"$${UNSET_X:-$var(v)}\")\"", "{v}!", QuotedBraceWord) { Batch = Substituted(": \"$$(", "\"$${UNSET_X:-$var(v)}\"", ")\"") },
        new("$((...))", "set -- $$((0 + ($var(v))))", "{int}", v => Nul(v) || NotDecimal(v)),
        new("\"$((...))\"", "set -- \"$$(( $var(v) ))\"", "{int}", v => Nul(v) || NotDecimal(v)),
        new("here-document", TopLevelHereDocument("EOF", "a$var(v)b"), "a{v}b", HereDocument) { Batch = HereLines("cat <<EOF\n", "a$var(v)b", "a{v}b") },
        new("here-document line", TopLevelHereDocument("EOF", "$var(v)"), "{v}", HereDocumentLine) { Batch = HereLines("cat <<EOF\n", "$var(v)", "{v}") },
        new("quoted here-document", TopLevelHereDocument("'EOF'", "a$var(v)b"), "a{v}b", HereDocument) { Batch = HereLines("cat <<'EOF'\n", "a$var(v)b", "a{v}b") },
        new("quoted here-document line", TopLevelHereDocument("'EOF'", "$var(v)"), "{v}", HereDocumentLine) { Batch = HereLines("cat <<'EOF'\n", "$var(v)", "{v}") },
        new("<<- here-document line", TopLevelHereDocument("-EOF", "\t$var(v)"), "{v}", StrippedHereDocumentLine) { Batch = HereLines("cat <<-EOF\n", "\t$var(v)", "{v}") },
        new("here-document after $", TopLevelHereDocument("EOF", "x$$$var(v)"), "x${v}", AfterHereDocumentDollar) { Batch = HereLines("cat <<EOF\n", "x$$$var(v)", "x${v}") },
        new("here-document after $NAME", "N=n; " + TopLevelHereDocument("EOF", "$$N$var(v)"), "n{v}", AfterHereDocumentName) { Batch = HereLines("N=n; cat <<EOF\n", "$$N$var(v)", "n{v}") },
        new("here-document ${X:-word}", TopLevelHereDocument("EOF", "$${UNSET_X:-$var(v)}"), "{v}", HereDocumentBraceWord) { Batch = HereLines("cat <<EOF\n", "$${UNSET_X:-$var(v)}", "{v}") },
        new("here-document ${X#pattern}", "Y='$var(v)z'; " + TopLevelHereDocument("EOF", "$${Y#$var(v)}"), "z", HereDocumentPattern) { Batch = HereLines("cat <<EOF\n", "$${Y{i}#$var(v)}", "z", before: "Y{i}='$var(v)z'") },
        new("here-document quotes", TopLevelHereDocument("EOF", "\"$var(v)\" '$var(v)'"), "\"{v}\" '{v}'", HereDocument) { Batch = HereLines("cat <<EOF\n", "\"$var(v)\" '$var(v)'", "\"{v}\" '{v}'") },
        new("bare in $(...) in a here-document", TopLevelHereDocument("EOF", "$$(printf '%s!' $var(v))"), "{v}!", HereDocument) { Batch = Substituted("cat >/dev/null <<EOF\n$$(", "$var(v)", ")\nEOF") },
        new("double-quoted in `...` in a here-document", TopLevelHereDocument("EOF", "`printf '%s!' \"$var(v)\"`"), "{v}!", HereDocument) { Batch = Substituted("cat >/dev/null <<EOF\n`", "\"$var(v)\"", "`\nEOF") },
        new("bare in `...` in a here-document", TopLevelHereDocument("EOF", "`printf '%s!' $var(v)`"), "{v}!", HereDocument) { Batch = Substituted("cat >/dev/null <<EOF\n`", "$var(v)", "`\nEOF") },
        new("here-document in $(...)", HereDocumentInSubstitution("EOF", "a$var(v)b"), "a{v}b", InSubstitution(HereDocument)) { Batch = HereLines("printf '%s' \"$$(cat <<EOF\n", "a$var(v)b", "a{v}b", InSubstitutionClose) },
        new("quoted here-document in $(...)", HereDocumentInSubstitution("'EOF'", "a$var(v)b"), "a{v}b", InSubstitution(HereDocument)) { Batch = HereLines("printf '%s' \"$$(cat <<'EOF'\n", "a$var(v)b", "a{v}b", InSubstitutionClose) },
        new("here-document line in $(...)", HereDocumentInSubstitution("EOF", "$var(v)"), "{v}", InSubstitution(HereDocumentLine)) { Batch = HereLines("printf '%s' \"$$(cat <<EOF\n", "$var(v)", "{v}", InSubstitutionClose) },
        new("here-document ${X:-word} in $(...)", HereDocumentInSubstitution("EOF", "$${UNSET_X:-$var(v)}"), "{v}", InSubstitution(HereDocumentBraceWord)) { Batch = HereLines("printf '%s' \"$$(cat <<EOF\n", "$${UNSET_X:-$var(v)}", "{v}", InSubstitutionClose) },
        new("bare in `...` in a here-document in $(...)", HereDocumentInSubstitution("EOF", "`printf '%s!' $var(v)`"), "{v}!", InSubstitution(HereDocument)) { Batch = Substituted(": \"$$(cat >/dev/null <<EOF\n`", "$var(v)", "`\nEOF\n)\"") },
    };

    public static SafetyContext Named(string name) => All.Single(c => c.Name == name);
}
