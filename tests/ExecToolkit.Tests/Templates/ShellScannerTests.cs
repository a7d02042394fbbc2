using ExecToolkit.Templates;
using static ExecToolkit.Tests.Templates.ShellTestSupport;

namespace ExecToolkit.Tests.Templates;

public class ShellScannerTests
{
    [Theory]
    [InlineData("lookup.sh <ph>", "")]
    [InlineData("lookup.sh '<ph>'", "S")]
    [InlineData("lookup.sh 'a<ph>b'", "S")]
    [InlineData("lookup.sh \"<ph>\"", "D")]
    [InlineData("echo $(<ph>)", "$")]
    [InlineData("echo $(echo <ph>)", "$")]
    [InlineData("echo \"$(echo <ph>)\"", "D$")]
    [InlineData("echo \"$(echo '<ph>')\"", "D$S")]
    [InlineData("echo `echo <ph>`", "`")]
    [InlineData("echo \"`echo <ph>`\"", "DB")]
    [InlineData("echo \"`echo \"<ph>\"`\"", "DBD")]
    [InlineData("echo `echo \\`echo <ph>\\``", "``")]
    [InlineData("echo $( \"$( x <ph> )\" )", "$D$")]
    [InlineData("echo $(echo \")\" '(' <ph>)", "$")]
    [InlineData("echo $(case x in a) echo <ph>;; esac)", "$")]
    [InlineData("echo $(case x in (a) echo y;; esac) <ph>", "")]
    [InlineData("echo ${X:-<ph>}", "{")]
    [InlineData("echo \"${X:-<ph>}\"", "D{")]
    [InlineData("echo \"${X#<ph>}\"", "DP")]
    [InlineData("echo $((1 + <ph>))", "A")]
    [InlineData("echo \"${X#'<ph>'}\"", "DPS")]
    [InlineData("echo \"${X:-'<ph>'}\"", "D{")]
    [InlineData("echo \\'<ph>", "")]
    [InlineData("echo \"\\\"<ph>\"", "D")]
    [InlineData("echo '\\'<ph>", "")]
    [InlineData("echo \"'\"<ph>", "")]
    public void Layers(string template, string layers)
    {
        var context = Single(template);
        Assert.Equal(layers, context.Layers);
    }

    [Fact]
    public void BareWord()
    {
        var c = Single("lookup.sh <ph> x");
        Assert.Equal(ShellQuoting.None, c.Quoting);
        Assert.Equal(0, c.SubstitutionDepth);
        Assert.False(c.InBackticks);
        Assert.False(c.IsCommandWord);
        Assert.False(c.IsRedirectionTarget);
        Assert.False(c.IsComment);
        Assert.True(c.IsWordStart);
        Assert.False(c.IsHereDocument);
    }

    [Fact]
    public void QuotingAndDepth()
    {
        Assert.Equal(ShellQuoting.SingleQuoted, Single("a '<ph>'").Quoting);
        Assert.Equal(ShellQuoting.DoubleQuoted, Single("a \"<ph>\"").Quoting);
        var sub = Single("a \"$(b <ph>)\"");
        Assert.Equal(ShellQuoting.None, sub.Quoting);
        Assert.Equal(1, sub.SubstitutionDepth);
        Assert.False(sub.InBackticks);
        Assert.Equal("bare in $(...) in double-quoted", sub.ToString().Split(',')[0]);
        var nested = Single("a $( \"$( x \"<ph>\" )\" )");
        Assert.Equal(ShellQuoting.DoubleQuoted, nested.Quoting);
        Assert.Equal(2, nested.SubstitutionDepth);
        var tick = Single("a `b \"<ph>\"`");
        Assert.True(tick.InBackticks);
        Assert.Equal(1, tick.SubstitutionDepth);
        Assert.Equal(ShellQuoting.DoubleQuoted, tick.Quoting);
        Assert.Equal(ShellQuoting.None, Single("a ${X:-<ph>}").Quoting);
        Assert.Equal(ShellQuoting.DoubleQuoted, Single("a \"${X:-<ph>}\"").Quoting);
    }

    [Theory]
    [InlineData("cat > <ph>", true)]
    [InlineData("cat ><ph>", true)]
    [InlineData("cat 2><ph>", true)]
    [InlineData("cat 2> <ph>", true)]
    [InlineData("cat >> \"<ph>\"", true)]
    [InlineData("cat < /tmp/<ph>", true)]
    [InlineData("cat <> <ph>", true)]
    [InlineData("cat >| <ph>", true)]
    [InlineData("cat >&<ph>", true)]
    [InlineData("cat <&<ph>", true)]
    [InlineData("cat > x <ph>", false)]
    [InlineData("cat > /tmp/x; echo <ph>", false)]
    public void Redirections(string template, bool expected)
    {
        Assert.Equal(expected, Single(template).IsRedirectionTarget);
    }

    [Fact]
    public void RedirectionQuoting()
    {
        var c = Single("cat >> \"<ph>\"");
        Assert.True(c.IsRedirectionTarget);
        Assert.Equal(ShellQuoting.DoubleQuoted, c.Quoting);
    }

    [Theory]
    [InlineData("echo x # <ph>", true)]
    [InlineData("echo x #<ph>", true)]
    [InlineData("# <ph>", true)]
    [InlineData("echo a#<ph>", false)]
    [InlineData("echo '#' <ph>", false)]
    [InlineData("echo x # c\necho <ph>", false)]
    [InlineData("echo $(x # <ph>\n)", true)]
    [InlineData("echo \"# <ph>\"", false)]
    public void Comments(string template, bool expected)
    {
        Assert.Equal(expected, Single(template).IsComment);
    }

    [Theory]
    [InlineData("<ph> arg", true)]
    [InlineData("<ph>", true)]
    [InlineData("x; <ph>", true)]
    [InlineData("x;<ph>", true)]
    [InlineData("a | <ph>", true)]
    [InlineData("a || <ph>", true)]
    [InlineData("a && <ph>", true)]
    [InlineData("a & <ph>", true)]
    [InlineData("a\n<ph>", true)]
    [InlineData("( <ph> )", true)]
    [InlineData("A=1 <ph>", true)]
    [InlineData("A=1 B=2 <ph> x", true)]
    [InlineData("A=<ph> cmd", false)]
    [InlineData("A=<ph>", false)]
    [InlineData("if <ph>; then x; fi", true)]
    [InlineData("if x; then <ph>; fi", true)]
    [InlineData("while x; do <ph>; done", true)]
    [InlineData("if x; then y; else <ph>; fi", true)]
    [InlineData("! <ph>", true)]
    [InlineData("{ <ph>; }", true)]
    [InlineData("> out <ph> arg", true)]
    [InlineData("2>/dev/null <ph>", true)]
    [InlineData("/usr/bin/<ph> arg", true)]
    [InlineData("x<ph> arg", true)]
    [InlineData("echo <ph>", false)]
    [InlineData("echo x <ph>", false)]
    [InlineData("for <ph> in a; do x; done", false)]
    [InlineData("for i in <ph>; do x; done", false)]
    [InlineData("case <ph> in a) x;; esac", false)]
    [InlineData("case x in <ph>) x;; esac", false)]
    [InlineData("case x in a) <ph>;; esac", true)]
    [InlineData("echo $(<ph>)", true)]
    [InlineData("echo \"$(<ph> x)\"", true)]
    [InlineData("echo `<ph>`", true)]
    [InlineData("echo if <ph>", false)]
    [InlineData("f() { <ph>; }", true)]
    public void CommandWord(string template, bool expected)
    {
        Assert.Equal(expected, Single(template).IsCommandWord);
    }

    [Theory]
    [InlineData("echo <ph>", true)]
    [InlineData("echo \"<ph>\"", true)]
    [InlineData("echo ''<ph>", true)]
    [InlineData("echo a<ph>", false)]
    [InlineData("echo \"a<ph>\"", false)]
    [InlineData("echo $X<ph>", false)]
    [InlineData("echo --opt=<ph>", false)]
    [InlineData("echo a\\\n<ph>", false)]
    public void WordStart(string template, bool expected)
    {
        Assert.Equal(expected, Single(template).IsWordStart);
    }

    [Fact]
    public void Escapes()
    {
        Assert.Equal(ShellQuoting.None, Single("echo \\'<ph>").Quoting);
        Assert.Equal(ShellQuoting.DoubleQuoted, Single("echo \"\\\"<ph>\"").Quoting);
        Assert.True(Single("echo \\<ph>").FollowsBackslash);
        Assert.True(Single("echo \"\\<ph>\"").FollowsBackslash);
        Assert.True(Single("echo `echo \\<ph>`").FollowsBackslash);
        Assert.False(Single("echo \\\\<ph>").FollowsBackslash);
        Assert.True(Single("echo $<ph>").AdjoinsParameter);
        Assert.True(Single("echo \"$HOME<ph>\"").AdjoinsParameter);
        Assert.False(Single("echo \"${HOME}<ph>\"").AdjoinsParameter);
        Assert.False(Single("echo '$<ph>'").AdjoinsParameter);
    }

    [Fact]
    public void HereDocuments()
    {
        var contexts = Contexts("cat <<EOF\nline <ph>\nEOF\necho <ph>\ncat <<'E'\n$<ph>\nE\ncat <<-\"E\"\n\t<ph>\n\tE\n");
        Assert.Equal(4, contexts.Count);
        Assert.True(contexts[0].IsHereDocument);
        Assert.Equal("H", contexts[0].Layers);
        Assert.False(contexts[1].IsHereDocument);
        Assert.True(contexts[1].IsCommandWord is false);
        Assert.Equal("Q", contexts[2].Layers);
        Assert.Equal("Q", contexts[3].Layers);
        Assert.Equal(ShellQuoting.None, contexts[0].Quoting);
        var expansion = Single("cat <<EOF\n$(echo <ph>)\nEOF\n");
        Assert.Equal("H$", expansion.Layers);
        Assert.True(expansion.IsHereDocument);
        // Backquotes in a here-document: "\"" keeps its backslash in bash, mksh and zsh, so no escaping adds one there.
        Assert.Equal("H`", Single("cat <<EOF\n`echo <ph>`\nEOF\n").Layers);
    }

    [Theory]
    [InlineData("echo 'abc", 5, "single quote")]
    [InlineData("echo \"abc", 5, "double quote")]
    [InlineData("echo $(abc", 5, "$(")]
    [InlineData("echo `abc", 5, "backquote")]
    [InlineData("echo ${abc", 5, "${")]
    [InlineData("cat <<EOF\nabc\n", 6, "here-document")]
    [InlineData("echo \"$(echo ')')\" 'x", 19, "single quote")]
    public void Unterminated(string text, int offset, string message)
    {
        var result = ShellScanner.Analyze(Segments(text));
        Assert.False(result.IsComplete);
        Assert.Equal(offset, result.UnterminatedAt);
        Assert.Contains(message, result.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lookup.sh '<ph>' \"<ph>\" <ph> > /tmp/<ph>")]
    [InlineData("echo $(echo \")\") `echo '\\`'` \"${X:-}\" # ' \" `")]
    [InlineData("cat <<'EOF'\n' \" ` $(\nEOF\n")]
    public void Complete(string text)
    {
        var result = ShellScanner.Analyze(Segments(text));
        Assert.True(result.IsComplete, result.Message);
        Assert.Equal(-1, result.UnterminatedAt);
    }

    [Fact]
    public void OffsetsSkipPlaceholders()
    {
        var result = ShellScanner.Analyze(Segments("a <ph> 'x"));
        Assert.Equal(3, result.UnterminatedAt);
    }

    [Fact]
    public void ContextsAreEquatable()
    {
        Assert.Equal(Single("a \"<ph>\""), Single("b \"x<ph>\"".Replace("x", "", System.StringComparison.Ordinal)));
        Assert.NotEqual(Single("a \"<ph>\""), Single("a '<ph>'"));
    }
}
