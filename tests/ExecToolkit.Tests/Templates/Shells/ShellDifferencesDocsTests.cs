using System;
using System.IO;
using System.Linq;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates.Shells;

/// <summary>The docs, the runtime's table and the analyzers' rule tell the same differences.</summary>
public class ShellDifferencesDocsTests
{
    [Fact]
    public void Every_difference_is_documented_with_its_id_and_every_documented_id_exists()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ExecToolkit.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        string docs = File.ReadAllText(Path.Combine(root, "docs", "shell-safety.md"));
        foreach (ShellDifference difference in ShellDifferences.All)
        {
            Assert.Contains("| `" + difference.Id + "` |", docs, StringComparison.Ordinal);
        }

        var documented = docs.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal) && l.Contains("` | ", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf('`', 3)]).Where(id => id.Contains('-', StringComparison.Ordinal) && !id.Contains(' ', StringComparison.Ordinal)).ToList();
        Assert.Equal(ShellDifferences.All.Select(d => d.Id).OrderBy(x => x), documented.OrderBy(x => x));
        Assert.Equal(ShellDifferences.All.Length, ShellDifferences.All.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void The_lint_rule_names_the_difference_a_refusal_names()
    {
        const string template = "notify.sh \"$${NAME:-$fn}\"";
        var finding = Assert.Single(TemplateLinter.Lint(template, LintMode.ShellSafe), f => f.Id == TemplateLinter.RefusedWhereShellsDiffer);
        Assert.Contains("quote-in-braces", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TemplateLinter.Lint(template, LintMode.Verbatim), f => f.Id == TemplateLinter.RefusedWhereShellsDiffer);
        Assert.DoesNotContain(TemplateLinter.Lint("DEFAULT=$fn; notify.sh \"$${NAME:-$$DEFAULT}\"", LintMode.ShellSafe), f => f.Id == TemplateLinter.RefusedWhereShellsDiffer);

        var request = ShellSafePropertyTests.MinimalRequest();
        request.Vars["n"] = "O'Brien";
        var refusal = Assert.Throws<UnsafeShellValueException>(() => CommandTemplate.Parse("notify.sh \"$${NAME:-$var(n)}\"").Expand(request));
        Assert.Contains("quote-in-braces", refusal.Message, StringComparison.Ordinal);
    }
}
