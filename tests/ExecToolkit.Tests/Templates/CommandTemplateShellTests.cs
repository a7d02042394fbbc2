using System.Linq;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates;

public class CommandTemplateShellTests
{
    [Fact]
    public void Pseudo_variables_where_no_value_is_safe_are_refused_at_parse_time()
    {
        var e = Assert.Throws<TemplateParseException>(() => CommandTemplate.Parse("echo $${$rU}"));
        Assert.Equal(8, e.Offset);
        Assert.StartsWith("pseudo-variable in a ${...} parameter name", e.Reason, System.StringComparison.Ordinal);
        var d = Assert.Throws<TemplateParseException>(() => CommandTemplate.Parse("cat <<$rU\nx\n"));
        Assert.Equal(6, d.Offset);
    }

    [Fact]
    public void Dollar_dollar_in_a_template_is_the_shells_dollar()
    {
        // $$( in a template is $( for the shell: the pseudo-variable after it is inside a command substitution.
        var t = CommandTemplate.Parse("echo \"$$(cat $rU)\"");
        Assert.Equal(1, t.GetShellContext(3).SubstitutionDepth);
        Assert.Equal(ShellQuoting.None, t.GetShellContext(3).Quoting);
    }

    [Fact]
    public void Analysis_gives_a_context_per_token_for_the_analyzers()
    {
        var a = TemplateAnalysis.Analyze("notify.sh $ct '$rU' > /tmp/$(ci).log");
        Assert.Equal(ShellQuoting.None, a.Contexts[1].Quoting);
        Assert.Equal(ShellQuoting.SingleQuoted, a.Contexts[3].Quoting);
        Assert.True(a.Contexts[5].IsRedirectionTarget);
        Assert.Equal(-1, a.Shell.UnterminatedAt);
    }
}
