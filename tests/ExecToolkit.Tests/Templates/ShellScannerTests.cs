using System.Linq;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates;

public class ShellScannerTests
{
    // '@' in the command marks the placeholder; the rest is literal shell text.
    private static ShellContext At(string command)
    {
        var parts = command.Split('@');
        var segments = parts.SelectMany((p, i) => i == 0 ? new[] { ShellSegment.Literal(p) } : new[] { ShellSegment.Placeholder(), ShellSegment.Literal(p) }).ToList();
        return ShellScanner.Scan(segments).Single();
    }

    [Theory]
    [InlineData("echo @", "", ShellQuoting.None)]
    [InlineData("echo '@'", "Q", ShellQuoting.SingleQuoted)]
    [InlineData("echo \"@\"", "D", ShellQuoting.DoubleQuoted)]
    [InlineData("echo \"a'@'b\"", "D", ShellQuoting.DoubleQuoted)]
    [InlineData("echo 'a\"@\"b'", "Q", ShellQuoting.SingleQuoted)]
    [InlineData("echo $(cat @)", "S", ShellQuoting.None)]
    [InlineData("echo \"$(cat @)\"", "DS", ShellQuoting.None)]
    [InlineData("echo \"$(cat \"@\")\"", "DSD", ShellQuoting.DoubleQuoted)]
    [InlineData("echo `cat @`", "B", ShellQuoting.None)]
    [InlineData("echo \"`cat '@'`\"", "DBQ", ShellQuoting.SingleQuoted)]
    [InlineData("echo $( echo \"$( echo @ )\" )", "SDS", ShellQuoting.None)]
    [InlineData("echo ${X:-@}", "P", ShellQuoting.None)]
    [InlineData("echo \"${X:-@}\"", "DP", ShellQuoting.DoubleQuoted)]
    [InlineData("echo $((1 + @))", "A", ShellQuoting.None)]
    [InlineData("echo \\'@", "", ShellQuoting.None)]
    [InlineData("echo \"\\\"@\"", "D", ShellQuoting.DoubleQuoted)]
    [InlineData("echo '$(' @", "", ShellQuoting.None)]
    [InlineData("echo $(echo ')' @)", "S", ShellQuoting.None)]
    [InlineData("echo $( (cd /; ls) @ )", "S", ShellQuoting.None)]
    public void Quoting_layers(string command, string layers, ShellQuoting quoting)
    {
        var c = At(command);
        Assert.Equal(layers, c.Layers);
        Assert.Equal(quoting, c.Quoting);
        Assert.Equal(layers.Count(x => x is 'S' or 'B'), c.SubstitutionDepth);
    }

    [Theory]
    [InlineData("@ arg", true)]
    [InlineData("echo x; @", true)]
    [InlineData("a | @", true)]
    [InlineData("a && @ b", true)]
    [InlineData("A=1 @", true)]
    [InlineData("if @; then :; fi", true)]
    [InlineData("x\n@", true)]
    [InlineData("(@)", true)]
    [InlineData("exec @", true)]
    [InlineData("/usr/bin/@ x", true)]
    [InlineData("echo @", false)]
    [InlineData("echo x @", false)]
    [InlineData("> out @", true)]
    [InlineData("echo $(@)", true)]
    [InlineData("echo A=@", false)]
    public void Command_words(string command, bool isCommandWord) => Assert.Equal(isCommandWord, At(command).IsCommandWord);

    [Theory]
    [InlineData("echo x > @", true)]
    [InlineData("echo x >@", true)]
    [InlineData("echo x 2>@", true)]
    [InlineData("echo x >> \"@\"", true)]
    [InlineData("cat < @", true)]
    [InlineData("echo x >&@", true)]
    [InlineData("echo x >| /tmp/@.log", true)]
    [InlineData("echo x > f @", false)]
    [InlineData("echo @ > f", false)]
    [InlineData("echo a>b @", false)]
    public void Redirection_targets(string command, bool isTarget) => Assert.Equal(isTarget, At(command).IsRedirectionTarget);

    [Theory]
    [InlineData("echo x # @", true)]
    [InlineData("# @", true)]
    [InlineData("echo a#@", false)]
    [InlineData("echo '#' @", false)]
    [InlineData("echo x # c\necho @", false)]
    [InlineData("echo ${#X} @", false)]
    public void Comments(string command, bool isComment) => Assert.Equal(isComment, At(command).IsComment);

    [Fact]
    public void Word_start_and_neighbours()
    {
        Assert.True(At("echo @").IsWordStart);
        Assert.False(At("echo a@").IsWordStart);
        Assert.False(At("echo '@'").IsWordStart);
        Assert.True(At("echo $@").FollowsDollar);
        Assert.True(At("echo \"$@\"").FollowsDollar);
        Assert.False(At("echo '$@'").FollowsDollar);
        Assert.True(At("echo \\@").FollowsBackslash);
        Assert.True(At("echo \"\\@\"").FollowsBackslash);
        Assert.False(At("echo \\\\@").FollowsBackslash);
    }

    [Fact]
    public void Here_documents()
    {
        var unquoted = At("cat <<EOF\nhello @\nEOF\necho done");
        Assert.True(unquoted.IsHereDocument);
        Assert.Equal("H", unquoted.Layers);
        Assert.Equal("L", At("cat <<'EOF'\nhello @\nEOF\n").Layers);
        Assert.Equal("", At("cat <<EOF\nhello\nEOF\necho @").Layers);
        Assert.Equal("L", At("cat <<-\"END\"\n\thi @\n\tEND\n").Layers);
    }

    [Fact]
    public void Nested_backticks_are_reported_unsupported()
    {
        Assert.True(At("echo `echo \\`echo @\\``").IsUnsupported);
        Assert.False(At("echo `echo @`").IsUnsupported);
    }

    [Theory]
    [InlineData("echo 'abc", 5, "unterminated single quote")]
    [InlineData("echo \"abc", 5, "unterminated double quote")]
    [InlineData("echo $(abc", 5, "unterminated $(")]
    [InlineData("echo `abc", 5, "unterminated backtick")]
    [InlineData("echo ${abc", 5, "unterminated ${")]
    [InlineData("echo ok", -1, null)]
    public void Unterminated_constructs_are_reported(string command, int offset, string? problem)
    {
        var result = ShellScanner.Analyze(new[] { ShellSegment.Literal(command) });
        Assert.Equal(offset, result.UnterminatedAt);
        Assert.Equal(problem, result.Problem);
    }

    [Fact]
    public void Dollar_dollar_in_a_template_is_the_shells_dollar()
    {
        // $$( in a template is $( for the shell: the pseudo-variable after it is inside a command substitution.
        var t = CommandTemplate.Parse("echo \"$$(cat $rU)\"");
        Assert.Equal("DS", t.GetShellContext(3).Layers);
    }

    [Theory]
    [InlineData("a'b", "", "'a'\\''b'")]
    [InlineData("", "", "''")]
    [InlineData("a'b", "Q", "a'\\''b")]
    [InlineData("a\"$`\\b", "D", "a\\\"\\$\\`\\\\b")]
    [InlineData("a'b", "B", "'a'\\\\''b'")]
    [InlineData("$x", "B", "'\\$x'")]
    [InlineData("}", "DP", "\\}")]
    public void Escaping_per_layer(string value, string layers, string expected)
        => Assert.Equal(expected, ShellEscaper.Escape(value, new ShellContext(layers, ShellContextFlags.None)));

    [Theory]
    [InlineData("a\0b", "")]
    [InlineData("1+1", "A")]
    [InlineData("$(id)", "A")]
    [InlineData("a\nEOF", "H")]
    [InlineData("x", "B")]
    public void Values_that_cannot_be_placed_safely_throw(string value, string layers)
    {
        var flags = value == "x" ? ShellContextFlags.Unsupported : ShellContextFlags.None;
        Assert.Throws<UnsafeShellValueException>(() => ShellEscaper.Escape(value, new ShellContext(layers, flags)));
    }

    [Fact]
    public void Arithmetic_accepts_integers_only()
        => Assert.Equal("-42", ShellEscaper.Escape("-42", new ShellContext("A", ShellContextFlags.None)));

    [Fact]
    public void Comments_lose_their_newlines()
        => Assert.Equal("a b; reboot", ShellEscaper.Escape("a\nb; reboot", new ShellContext("", ShellContextFlags.Comment)));

    [Fact]
    public void Appended_uri_is_one_single_quoted_argument()
    {
        string uri = "sip:o'neil;$(id)@example.com";
        var output = ShellSafePropertyTests.RunShell("set --" + ShellEscaper.QuoteAppendedUri(uri) + "; printf '%s\\0' \"$#\" \"$1\"\n");
        Assert.Equal(new[] { "1", uri }, output);
    }
}

public class CommandTemplateShellTests
{
    [Fact]
    public void Pseudo_variables_in_nested_backticks_are_refused_at_parse_time()
    {
        var e = Assert.Throws<TemplateParseException>(() => CommandTemplate.Parse("echo `echo \\`echo $rU\\``"));
        Assert.Equal(18, e.Offset);
        Assert.StartsWith("pseudo-variable inside nested backticks", e.Reason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Analysis_gives_a_context_per_token_for_the_analyzers()
    {
        var a = TemplateAnalysis.Analyze("notify.sh $ct '$rU' > /tmp/$(ci).log");
        Assert.Equal(new[] { "", "", "", "Q", "", "" }, a.Tokens.Select((t, i) => t.Kind == TemplateTokenKind.PseudoVariable ? a.Contexts[i].Layers : "").Take(6));
        Assert.True(a.Contexts[5].IsRedirectionTarget);
        Assert.Equal(-1, a.Shell.UnterminatedAt);
    }
}
