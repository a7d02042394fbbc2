using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>
/// One EXEC1xxx rule: what the analyzers' descriptors and <c>exectool lint --format sarif</c> say about it (title,
/// description, category, default severity, help link), written once here.
/// </summary>
internal sealed class LintRule
{
    private LintRule(string id, string name, string title, string description, string category, LintSeverity defaultSeverity)
    {
        Id = id;
        Name = name;
        Title = title;
        Description = description;
        Category = category;
        DefaultSeverity = defaultSeverity;
    }

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<LintRule> All { get; } = new[]
    {
        new LintRule(TemplateLinter.UnquotedValue, "UnquotedValue", "Unquoted pseudo-variable",
            "A pseudo-variable outside quotes whose values can hold shell special characters is split into words, globbed, and its ; | & < > act in the shell. Quote it (ShellSafe mode escapes the value inside any quotes).",
            Security, LintSeverity.Warning),
        new LintRule(TemplateLinter.ShellReference, "ShellReference", "'$' is not a pseudo-variable",
            "Kamailio reads every $ as the start of a pseudo-variable: $HOME, ${X}, $1, $(date) are template errors or the wrong value. Write $$ for the shell's $.",
            Usage, LintSeverity.Error),
        new LintRule(TemplateLinter.ShadowedShellName, "ShadowedShellName", "Pseudo-variable takes a shell name",
            "$?, $pp, $rc and other names are Kamailio pseudo-variables, not the shell's: the template pastes Kamailio's value. Write $$? for the shell's.",
            Usage, LintSeverity.Warning),
        new LintRule(TemplateLinter.ReferenceInSingleQuotes, "ReferenceInSingleQuotes", "Shell reference inside single quotes",
            "A shell reference ($$NAME, $$(...)) inside single quotes never expands: the command gets the text. Use double quotes.",
            Usage, LintSeverity.Warning),
        new LintRule(TemplateLinter.DangerousPosition, "DangerousPosition", "Pseudo-variable decides what runs",
            "A value as the command word, a redirection target or inside a command substitution chooses the program, the file or the command that runs. Pass it as a quoted argument instead.",
            Security, LintSeverity.Warning),
        new LintRule(TemplateLinter.QuotedValueCanBreakOut, "QuotedValueCanBreakOut", "Quoted pseudo-variable can break out in Verbatim mode",
            "Kamailio pastes values unescaped: a value can end the quotes around it, or run $(...) and backquotes, or end a here-document early. Use ShellSafe mode or pass the value through the environment.",
            Security, LintSeverity.Warning),
        new LintRule(TemplateLinter.MalformedTemplate, "MalformedTemplate", "Malformed command template",
            "What Kamailio refuses at start-up: an unknown pseudo-variable, an unbalanced parenthesis, a $ at the end, an unknown transformation, an AVP list item that is not $avp(...), shell text nested too deeply.",
            Usage, LintSeverity.Error),
        new LintRule(TemplateLinter.CommandBuiltFromRequest, "CommandBuiltFromRequest", "Command built at run time from request values",
            "The command text itself is built from request values (an interpolated string or a concatenation), which the shell then parses; no escaping can repair that. Write a template with pseudo-variables.",
            Security, LintSeverity.Warning),
        new LintRule(TemplateLinter.RefusedWhereShellsDiffer, "RefusedWhereShellsDiffer", "Pseudo-variable where shells read the text differently",
            "ShellSafe mode: the value sits where dash, bash, ksh93 and the other shells read the same text differently, so the values listed in docs/shell-safety.md are refused there at run time (-1). Assign the value to a shell variable first.",
            Security, LintSeverity.Warning),
        new LintRule(TemplateLinter.CanRunWithoutShell, "CanRunWithoutShell", "Command can run without a shell",
            "The ShellSafe template is one simple command: with ShellUse.WhenNeeded its program starts directly with the arguments the shell would pass, at about 1.7 times the rate, and no value can reach a shell. Set ShellUse = ShellUse.WhenNeeded on the attribute or the call, or Exec:ShellUse for the executor (exectoolkit.shell_use tells the analyzer).",
            Performance, LintSeverity.Info),
        new LintRule(TemplateLinter.NeedsShell, "NeedsShell", "ShellUse.WhenNeeded, but the command needs a shell",
            "ShellUse.WhenNeeded is set, but the template is not one simple command, so it still runs through /bin/sh. The message says what stops it: an operator, a redirection, a substitution, a builtin as the program, Verbatim mode, ...",
            Performance, LintSeverity.Info),
    };

    /// <summary>The rule id (<c>EXEC1001</c>).</summary>
    public string Id { get; }

    /// <summary>A PascalCase name (<c>UnquotedValue</c>), as SARIF's <c>name</c>.</summary>
    public string Name { get; }

    /// <summary>A one-line title.</summary>
    public string Title { get; }

    /// <summary>What the rule finds and what to do, in a few sentences.</summary>
    public string Description { get; }

    /// <summary><c>ExecToolkit.Security</c> or <c>ExecToolkit.Usage</c>.</summary>
    public string Category { get; }

    /// <summary>The severity in Kamailio's (Verbatim) mode; ShellSafe mode lowers quoting findings to suggestions.</summary>
    public LintSeverity DefaultSeverity { get; }

    /// <summary>The rule's section of docs/diagnostics.md.</summary>
    public string HelpLink => TemplateLinter.HelpLink(Id);

    private const string Security = "ExecToolkit.Security";
    private const string Usage = "ExecToolkit.Usage";
    private const string Performance = "ExecToolkit.Performance";

    /// <summary>The rule with <paramref name="id"/>; <see cref="TemplateLinter.MalformedTemplate"/>'s for an unknown id.</summary>
    /// <param name="id">A rule id.</param>
    /// <returns>The rule.</returns>
    public static LintRule ForId(string id)
    {
        foreach (LintRule rule in All)
        {
            if (rule.Id == id)
            {
                return rule;
            }
        }

        return ForId(TemplateLinter.MalformedTemplate);
    }
}
