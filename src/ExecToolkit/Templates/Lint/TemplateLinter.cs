// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>How serious a lint finding is.</summary>
internal enum LintSeverity
{
    /// <summary>A suggestion.</summary>
    Info,

    /// <summary>Likely a bug or an injection.</summary>
    Warning,

    /// <summary>Kamailio refuses the template at start-up.</summary>
    Error,
}

/// <summary>One problem in a command template, with the span of the offending text in the template.</summary>
internal sealed class LintFinding
{
    internal LintFinding(string id, LintSeverity severity, int offset, int length, string message)
    {
        Id = id;
        Severity = severity;
        Offset = offset;
        Length = length;
        Message = message;
    }

    /// <summary>The rule id (<c>EXEC1001</c>).</summary>
    public string Id { get; }

    /// <summary>The severity.</summary>
    public LintSeverity Severity { get; }

    /// <summary>Zero-based offset in the template.</summary>
    public int Offset { get; }

    /// <summary>Length of the offending text.</summary>
    public int Length { get; }

    /// <summary>What is wrong and what to do.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Id + "@" + Offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + Message;
}

/// <summary>
/// The quoting rules of ExecToolkit's analyzers and <c>exectool lint</c>, run on one template. In
/// <see cref="LintMode.Verbatim"/> (Kamailio itself, or <c>ExpansionMode.Verbatim</c>) values are pasted unescaped, so
/// quoting mistakes are injections; in <see cref="LintMode.ShellSafe"/> ExecToolkit escapes values, and the same
/// findings are suggestions for templates that must also work in Kamailio.
/// </summary>
internal static class TemplateLinter
{
    /// <summary>Where every EXEC rule, of the linter and of the generator, is documented; the help link of each diagnostic.</summary>
    public const string DocumentationUri = "https://github.com/exectoolkit/exectoolkit/blob/main/docs/diagnostics.md";

    /// <summary>The help link of one rule (<c>EXEC1001</c> -> <c>...diagnostics.md#exec1001</c>).</summary>
    /// <param name="id">The rule id.</param>
    /// <returns>The link.</returns>
    public static string HelpLink(string id) => DocumentationUri + "#" + id.ToLowerInvariant();

    /// <summary>Unquoted pseudo-variable whose values can hold shell special characters.</summary>
    public const string UnquotedValue = "EXEC1001";

    /// <summary><c>$</c> that is not a pseudo-variable: a shell reference written with one <c>$</c>.</summary>
    public const string ShellReference = "EXEC1002";

    /// <summary>A pseudo-variable that silently takes a shell name (<c>$?</c>, <c>$pp</c>, <c>$rc</c>).</summary>
    public const string ShadowedShellName = "EXEC1003";

    /// <summary>A shell variable reference inside single quotes never expands.</summary>
    public const string ReferenceInSingleQuotes = "EXEC1004";

    /// <summary>A pseudo-variable in a substitution, a redirection target or the command word.</summary>
    public const string DangerousPosition = "EXEC1005";

    /// <summary>Verbatim mode: a quoted pseudo-variable whose values can hold the quote that ends it.</summary>
    public const string QuotedValueCanBreakOut = "EXEC1006";

    /// <summary>A template Kamailio refuses (unknown pseudo-variable, unbalanced parenthesis, ...).</summary>
    public const string MalformedTemplate = "EXEC1007";

    /// <summary>A command string built at run time from request values (C# only).</summary>
    public const string CommandBuiltFromRequest = "EXEC1008";

    /// <summary>ShellSafe mode: a pseudo-variable where the shells read the text differently, so some values are refused at run time.</summary>
    public const string RefusedWhereShellsDiffer = "EXEC1009";

    /// <summary>C# only: a ShellSafe template that is one simple command, where the shell is used (a suggestion).</summary>
    public const string CanRunWithoutShell = "EXEC1010";

    /// <summary>C# only: <c>ShellUse.WhenNeeded</c> where the template needs a shell, with what stops it (a suggestion).</summary>
    public const string NeedsShell = "EXEC1011";

    /// <summary>Runs every rule on a template.</summary>
    public static IReadOnlyList<LintFinding> Lint(string template, LintMode mode) => Lint(template, mode, out _);

    /// <summary>Runs every rule on a template; <paramref name="tokens"/> are its tokens, null when it does not parse.</summary>
    public static IReadOnlyList<LintFinding> Lint(string template, LintMode mode, out IReadOnlyList<TemplateToken>? tokens)
    {
        if (template is null)
        {
            throw new System.ArgumentNullException(nameof(template));
        }

        var findings = new List<LintFinding>();
        TemplateAnalysis analysis;
        tokens = null;
        try
        {
            IReadOnlyList<TemplateToken> parsed = TemplateParser.Parse(template);
            analysis = TemplateAnalysis.Analyze(parsed); // throws too, for shell text nested too deeply
            tokens = parsed;
        }
        catch (TemplateParseException e)
        {
            findings.Add(ForParseError(template, e));
            return findings;
        }

        for (int i = 0; i < tokens.Count; i++)
        {
            TemplateToken token = tokens[i];
            if (token.Kind == TemplateTokenKind.PseudoVariable)
            {
                CheckVariable(findings, token, analysis.Contexts[i], mode);
            }
        }

        CheckShellReferences(findings, tokens);
        return findings;
    }

    /// <summary>Checks an <c>exec_avp</c> AVP list; null when it is valid.</summary>
    public static LintFinding? LintAvpList(string list)
    {
        try
        {
            AvpList.Parse(list);
            return null;
        }
        catch (TemplateParseException e)
        {
            return new LintFinding(MalformedTemplate, LintSeverity.Error, e.Offset, System.Math.Max(1, e.Length), e.Reason);
        }
    }

    private static LintFinding ForParseError(string template, TemplateParseException e)
    {
        if (ShellReferenceAt(template, e) is string reference)
        {
            return new LintFinding(ShellReference, LintSeverity.Error, e.Offset, 1,
                "'" + reference + "' is not a pseudo-variable: Kamailio refuses the template. For the shell's " + reference + " write $" + reference);
        }

        return new LintFinding(MalformedTemplate, LintSeverity.Error, e.Offset, System.Math.Max(1, e.Length), e.Reason);
    }

    /// <summary>
    /// The shell reference (<c>$SIP_USER</c>, <c>$(</c>, <c>${</c>, <c>$1</c>, ...) a template's parse error is at, when
    /// the error is a <c>$</c> meant for the shell (EXEC1002; the generator's EXEC0006/EXEC0007 say the same); else null.
    /// </summary>
    public static string? ShellReferenceAt(string template, TemplateParseException e)
    {
        int offset = e.Offset;
        if (e.Reason == ShellParser.TooDeep || offset >= template.Length || template[offset] != '$' || offset + 1 >= template.Length)
        {
            return null;
        }

        char next = template[offset + 1];
        if (next == '{' || next == '@' || next == '*' || next == '#' || next == '!' || next == '-' || (next >= '0' && next <= '9'))
        {
            return "$" + next;
        }

        bool unknown = e.Reason.StartsWith("unknown pseudo-variable", System.StringComparison.Ordinal);
        if (unknown && next == '(')
        {
            return "$(";
        }

        return unknown && LooksLikeShellName(template, offset + 1) ? template.Substring(offset, e.Length) : null;
    }

    // Upper case (SIP_USER, HOME, PATH) or a digit-led name: a shell variable, not a pseudo-variable.
    private static bool LooksLikeShellName(string template, int start)
    {
        int end = start;
        bool upper = false;
        while (end < template.Length && TemplateParser.IsNameChar(template[end]) && template[end] != '.' && template[end] != '?')
        {
            upper |= template[end] >= 'A' && template[end] <= 'Z';
            if (template[end] >= 'a' && template[end] <= 'z')
            {
                return false;
            }

            end++;
        }

        return end > start && upper;
    }

    private static void CheckVariable(List<LintFinding> findings, TemplateToken token, ShellContext context, LintMode mode)
    {
        PseudoVariableSpec spec = token.Variable!;
        PseudoVariableValueClass valueClass = spec.ValueClass;
        bool inert = valueClass == PseudoVariableValueClass.Number || valueClass == PseudoVariableValueClass.IpAddress;
        bool verbatim = mode == LintMode.Verbatim;

        if (spec.Info.ShadowsShellName)
        {
            findings.Add(new LintFinding(ShadowedShellName, LintSeverity.Warning, token.Start, token.Length,
                "'" + token.Source + "' is Kamailio's " + spec.Info.Description + ", not the shell's; for the shell's write $" + token.Source));
            return;
        }

        if (context.IsComment)
        {
            return;
        }

        if (!verbatim)
        {
            var applying = new List<ShellDifference>();
            foreach (ShellDifference difference in ShellDifferences.All)
            {
                if (difference.AppliesTo(context))
                {
                    applying.Add(difference);
                }
            }

            if (applying.Count > 0)
            {
                var what = new System.Text.StringBuilder();
                foreach (ShellDifference difference in applying)
                {
                    what.Append(what.Length == 0 ? "" : "; ").Append(difference.Values).Append(" (").Append(difference.Shells).Append(": ").Append(difference.Id).Append(')');
                }

                findings.Add(new LintFinding(RefusedWhereShellsDiffer, LintSeverity.Warning, token.Start, token.Length,
                    "'" + token.Source + "' sits where the shells read the text differently; at run time these values are refused (the call returns -1): "
                    + what + ". Assign the value to a shell variable first (V=" + token.Source + "; ... \"$$V\") and use the variable there"));
            }
        }

        if (context.IsCommandWord || context.IsRedirectionTarget || context.SubstitutionDepth > 0)
        {
            string where = context.IsCommandWord ? "chooses the program to run"
                : context.IsRedirectionTarget ? "chooses the file a redirection opens"
                : "is run again as a command by the substitution";
            findings.Add(new LintFinding(DangerousPosition, verbatim ? LintSeverity.Warning : LintSeverity.Info, token.Start, token.Length,
                "the value of '" + token.Source + "' " + where + "; pass it as a quoted argument instead"));
            return;
        }

        // A here-document body is neither split nor globbed, and quotes there are literal text: no "quote it". Pasted
        // unescaped (Verbatim), a value can still run $(...) or `...` in an unquoted body, or hold the delimiter line.
        if (context.IsHereDocument && context.Quoting == ShellQuoting.None)
        {
            if (verbatim && !inert)
            {
                bool expands = context.InnermostIs(ShellLayerKind.HereDocument);
                findings.Add(new LintFinding(QuotedValueCanBreakOut, LintSeverity.Warning, token.Start, token.Length,
                    "'" + token.Source + "' can hold " + (expands ? "$(...) or ` that run in the here-document, or " : "")
                    + "a line equal to the delimiter that ends the here-document early (the rest runs as commands): Kamailio pastes values unescaped; use ExecToolkit's ShellSafe mode or an environment variable"));
            }

            return;
        }

        // In Verbatim mode a missing value prints <null>, which the shell reads as a redirection when unquoted.
        bool nullBreaks = verbatim && spec.CanBeNull && spec.Transformations.Count == 0;
        if (context.Quoting == ShellQuoting.None && (!inert || nullBreaks))
        {
            findings.Add(new LintFinding(UnquotedValue, verbatim ? LintSeverity.Warning : LintSeverity.Info, token.Start, token.Length,
                "'" + token.Source + "' is unquoted: its value (" + Describe(valueClass) + (nullBreaks ? ", or <null> when missing" : "") + ") is split, globbed and its ; | & < > act in the shell; quote it"));
            return;
        }

        if (verbatim && !inert && context.Quoting == ShellQuoting.SingleQuoted)
        {
            findings.Add(new LintFinding(QuotedValueCanBreakOut, LintSeverity.Warning, token.Start, token.Length,
                "'" + token.Source + "' can hold a ' that ends the single quotes: Kamailio pastes values unescaped; use ExecToolkit's ShellSafe mode or an environment variable"));
        }
        else if (verbatim && !inert && context.Quoting == ShellQuoting.DoubleQuoted)
        {
            findings.Add(new LintFinding(QuotedValueCanBreakOut, LintSeverity.Warning, token.Start, token.Length,
                "'" + token.Source + "' can hold \" $ or ` that end or escape the double quotes: Kamailio pastes values unescaped; use ExecToolkit's ShellSafe mode or an environment variable"));
        }
    }

    // $$NAME inside single quotes: the shell never expands it.
    private static void CheckShellReferences(List<LintFinding> findings, IReadOnlyList<TemplateToken> tokens)
    {
        var segments = new List<ShellSegment>();
        var dollars = new List<TemplateToken>();
        for (int i = 0; i < tokens.Count; i++)
        {
            TemplateToken token = tokens[i];
            if (token.Kind == TemplateTokenKind.Dollar)
            {
                bool followedByName = i + 1 < tokens.Count && tokens[i + 1].Kind == TemplateTokenKind.Text && tokens[i + 1].Source.Length > 0
                    && (char.IsLetter(tokens[i + 1].Source[0]) || tokens[i + 1].Source[0] == '_' || tokens[i + 1].Source[0] == '{' || tokens[i + 1].Source[0] == '(');
                if (followedByName)
                {
                    segments.Add(ShellSegment.Placeholder());
                    dollars.Add(token);
                }

                segments.Add(ShellSegment.Text("$"));
            }
            else
            {
                segments.Add(token.Kind == TemplateTokenKind.PseudoVariable ? ShellSegment.Text("v") : ShellSegment.Text(token.Source));
            }
        }

        if (dollars.Count == 0)
        {
            return;
        }

        IReadOnlyList<ShellContext> contexts = ShellScanner.Scan(segments);
        for (int k = 0; k < dollars.Count; k++)
        {
            if (contexts[k].Quoting == ShellQuoting.SingleQuoted && !contexts[k].IsComment)
            {
                findings.Add(new LintFinding(ReferenceInSingleQuotes, LintSeverity.Warning, dollars[k].Start, dollars[k].Length,
                    "the shell does not expand $ inside single quotes; use double quotes"));
            }
        }
    }

    private static string Describe(PseudoVariableValueClass c) => c switch
    {
        PseudoVariableValueClass.Token => "a SIP token, which may hold ' ` * ! %",
        PseudoVariableValueClass.Uri => "a URI, which may hold ; & $ ' ( )",
        PseudoVariableValueClass.Text => "free text",
        _ => "a number",
    };
}

/// <summary>Which expansion the template gets.</summary>
internal enum LintMode
{
    /// <summary>ExecToolkit's default: values are escaped at run time.</summary>
    ShellSafe,

    /// <summary>Kamailio's behaviour: values are pasted as they are.</summary>
    Verbatim,
}
