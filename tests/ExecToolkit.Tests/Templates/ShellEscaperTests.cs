using System;
using System.IO;
using ExecToolkit.Templates;
using static ExecToolkit.Tests.Templates.ShellTestSupport;

namespace ExecToolkit.Tests.Templates;

public class ShellEscaperTests
{
    [Theory]
    [InlineData("x <ph>", "a b;rm -rf /", "'a b;rm -rf /'")]
    [InlineData("x <ph>", "", "''")]
    [InlineData("x <ph>", "o'neil", "'o'\\''neil'")]
    [InlineData("x '<ph>'", "o'neil", "o'\\''neil")]
    [InlineData("x \"<ph>\"", "a\\$\"`!b", "a\\\\\\$\\\"\\`!b")]
    [InlineData("x \"$(y <ph>)\"", "a'b", "'a'\\''b'")]
    [InlineData("x `y <ph>`", "$a\\b`", "'\\$a\\\\b\\`'")]
    [InlineData("x \"`y <ph>`\"", "\"", "'\\\"'")]
    [InlineData("x `y \\`z <ph>\\``", "$", "'\\\\\\$'")]
    [InlineData("x \"${X:-<ph>}\"", "}", "\\}")]
    [InlineData("x \"${X#<ph>}\"", "*?[", "\"*?[\"")]
    [InlineData("x \"${X#<ph>}\"", "{a,b}$", "\"\"\\{\"a,b}\\$\"")]
    [InlineData("cat <<E\n${X#<ph>}\nE\n", "{a}", "\"{a}\"")]
    [InlineData("x \\<ph>", "a", "\n'a'")]
    [InlineData("x $<ph>", "a", "\\a")]
    [InlineData("x $<ph>", "ab'c", "\\a'b'\\''c'")]
    [InlineData("x $<ph>", "\U0001F600b", "\\\U0001F600'b'")]
    [InlineData("x \"$<ph>\"", "a", "\"\"a")]
    [InlineData("x \"$Y<ph>\"", "a", "\"\"a")]
    [InlineData("x $((1 + <ph>))", "-23", "-23")]
    [InlineData("cat <<E\n<ph>\nE\n", "$x", "\\$x")]
    [InlineData("cat <<'E'\n<ph>\nE\n", "$x", "$x")]
    public void EscapesForContext(string template, string value, string expected)
    {
        Assert.Equal(expected, ShellEscaper.Escape(value, Single(template)));
    }

    [Fact]
    public void After_a_bare_dollar_escaped_bytes_that_are_one_character_stay_together()
    {
        // Lone surrogates (SipText's escaped bytes) cannot sit in attribute arguments, so the cases are written here.
        ShellContext context = Single("x $<ph>");
        Assert.Equal("\\\udcc3\udc80'b'", ShellEscaper.Escape("\udcc3\udc80b", context));
        Assert.Equal("\\\udce2\udc80\udc80", ShellEscaper.Escape("\udce2\udc80\udc80", context));
        Assert.Equal("\\\udcf0\udc9f\udc98\udc80'!'", ShellEscaper.Escape("\udcf0\udc9f\udc98\udc80!", context));
        Assert.Equal("\\\udcc3'b'", ShellEscaper.Escape("\udcc3b", context));
        Assert.Equal("\\\udc80'\udc80'", ShellEscaper.Escape("\udc80\udc80", context));
    }

    [Fact]
    public void CommentNewlinesCannotStartACommand()
    {
        var context = Single("echo x # <ph>");
        string escaped = ShellEscaper.Escape("a\ntouch X\n", context);
        Assert.DoesNotContain("\n", escaped, StringComparison.Ordinal);
        var (output, _, _) = RunShell(Expand("printf '%s\\0' x # <ph>\nprintf '%s\\0' y", "a\nprintf '%s\\0' INJECTED\n"));
        Assert.Equal(new[] { "x", "y" }, SplitNul(output));
    }

    [Fact]
    public void NulIsRefused()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ShellEscaper.Escape("a\0b", Single("x <ph>")));
        Assert.Contains("NUL", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => ShellEscaper.QuoteAppendedUri("sip:\0@x"));
    }

    [Theory]
    [InlineData("$(id)")]
    [InlineData("1))")]
    [InlineData(")(")]
    [InlineData("'1'")]
    [InlineData("a;b")]
    [InlineData("2 * (3 + 4)")]
    [InlineData("X")]
    [InlineData("HOME=1")]
    [InlineData("a[$(id)]")]
    [InlineData("")]
    [InlineData("010")]
    [InlineData("08")]
    [InlineData("-007")]
    [InlineData("00")]
    public void ArithmeticRefusesAnythingButAnInteger(string value)
    {
        Assert.ThrowsAny<ArgumentException>(() => ShellEscaper.Escape(value, Single("echo $((1 + <ph>))")));
    }

    [Theory]
    [InlineData("printf '%s\\0' $((1 + <ph>))", "-14", "-13")]
    [InlineData("printf '%s\\0' \"$((10 - <ph>))\"", "3", "7")]
    [InlineData("printf '%s\\0' $((<ph> + 1))", "0", "1")]
    [InlineData("printf '%s\\0' $((<ph> + 1))", "-0", "1")]
    [InlineData("printf '%s\\0' $((<ph> + 1))", "100", "101")]
    [InlineData("X=5; printf '%s\\0' `echo $((<ph> * 2))`", "5", "10")]
    [InlineData("cat <<-EOF\n\t\ta<ph>b\n\tEOF\nprintf '\\0'", "\t$x `y` \\", "a\t$x `y` \\b\n")]
    [InlineData("cat <<-'EOF'\n\t<ph>\n\tEOF\nprintf '\\0'", "$x\t`y` \\", "$x\t`y` \\\n")]
    public void RunsInShell(string template, string value, string expected)
    {
        var (output, error, _) = RunShell(Expand(template, value));
        Assert.True(error.Length == 0, error);
        Assert.Equal(new[] { expected }, SplitNul(output));
    }

    [Fact]
    public void HereDocumentRefusesNewlinesAndTheDelimiter()
    {
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\nx <ph>\nEOF\n", "a\nb"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\n<ph>\nEOF\n", "EOF"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<-EOF\n<ph>\nEOF\n", "\t\tEOF"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\nE<ph>\nEOF\n", "OF"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<'EOF'\n<ph><ph>\nEOF\n", "E"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\n\\<ph>\nEOF\n", "x"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<-EOF\n\t<ph>\nEOF\n", "\tx"));
        Assert.Equal("cat <<-EOF\nx<ph>\nEOF\n".Replace("<ph>", "\tx", StringComparison.Ordinal), Expand("cat <<-EOF\nx<ph>\nEOF\n", "\tx"));
        Assert.Equal("cat <<EOF\nEO\nEOF\n", Expand("cat <<EOF\n<ph>\nEOF\n", "EO"));
        Assert.Equal("cat <<EOF\n\nEOF\n", Expand("cat <<EOF\n<ph>\nEOF\n", string.Empty));
        Assert.Equal("cat <<EOF\nx: EOF\nEOF\n", Expand("cat <<EOF\nx: <ph>\nEOF\n", "EOF"));
    }

    [Fact]
    public void HereDocumentRefusesWhatKsh93ReadsAsTheDelimiter()
    {
        // ksh93 ends a here-document at a line that begins with the delimiter and ')', and hangs when a multibyte
        // character follows the delimiter there (dash drops its first byte): the value, the template's text around it
        // and <<- tab stripping count.
        var refused = Assert.Throws<UnsafeShellValueException>(() => Expand("cat <<EOF\n<ph>\nEOF\n", "EOF)x"));
        Assert.Contains("delimiter-start-in-here-document", refused.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<'EOF'\n<ph>\nEOF\n", "EOFé"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\nE<ph>\nEOF\n", "OF))"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\n<ph>)\nEOF\n", "EOF"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\nEOF<ph>\nEOF\n", ")"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\nEOF<ph>\nEOF\n", string.Empty));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<-EOF\n\t<ph>\nEOF\n", "EOF中"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("x=$(cat <<X\n<ph>\nX\n)", "Xé"));

        Assert.Equal("cat <<EOF\nEOF(\nEOF\n", Expand("cat <<EOF\n<ph>\nEOF\n", "EOF("));
        Assert.Equal("cat <<EOF\nEOF\\\\)\nEOF\n", Expand("cat <<EOF\n<ph>\nEOF\n", "EOF\\)"));
        Assert.Equal("cat <<EOF\nx EOF)\nEOF\n", Expand("cat <<EOF\nx <ph>\nEOF\n", "EOF)"));
        Assert.Equal("cat <<EOF\nEOFx\nEOF\n", Expand("cat <<EOF\nEOF<ph>\nEOF\n", "x"));

        // Only a line's first value decides: once the line differs from the delimiter, the values after it cannot change that.
        Assert.Equal("cat <<EOF\nxx\nEOF\n", Expand("cat <<EOF\n<ph><ph>\nEOF\n", "x"));
        Assert.ThrowsAny<ArgumentException>(() => Expand("cat <<EOF\n<ph><ph>\nEOF\n", "EO"));
    }

    [Theory]
    [InlineData("cat <<<ph>\nx\n")]
    [InlineData("cat <<'a<ph>'\nx\n")]
    [InlineData("echo ${<ph>}")]
    [InlineData("echo \"${<ph>:-x}\"")]
    [InlineData("echo \"${A<ph>}\"")]
    public void UnescapablePositionsAreRefused(string template)
    {
        Assert.ThrowsAny<ArgumentException>(() => Expand(template, "HOME"));
    }

    [Fact]
    public void VerbatimInsertionBreaksOut()
    {
        // Proves the round-trip harness can fail: the raw value ends the quote and runs a command.
        string directory = Path.Combine(Path.GetTempPath(), "exectoolkit-breakout-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            const string hostile = "a'; touch X; '";
            RunShell("set -- 'a" + hostile + "b'\n", directory);
            Assert.True(File.Exists(Path.Combine(directory, "X")), "verbatim insertion should have created X");
            File.Delete(Path.Combine(directory, "X"));

            var (output, _, _) = RunShell(Expand("set -- 'a<ph>b'; printf '%s\\0' \"$#\" \"$1\"", hostile), directory);
            Assert.Equal(new[] { "1", "a" + hostile + "b" }, SplitNul(output));
            Assert.False(File.Exists(Path.Combine(directory, "X")));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Theory]
    [InlineData("sip:o'neil@x")]
    [InlineData("sip:a@b;x=$(id)`id`\"'\\")]
    [InlineData("")]
    public void AppendedUriIsOneArgument(string uri)
    {
        string quoted = ShellEscaper.QuoteAppendedUri(uri);
        Assert.StartsWith(" '", quoted, StringComparison.Ordinal);
        var (output, error, _) = RunShell("set --" + quoted + "; printf '%s\\0' \"$#\" \"$1\"");
        Assert.True(error.Length == 0, error);
        Assert.Equal(new[] { "1", uri }, SplitNul(output));
    }

    [Fact]
    public void QuoteAppendedUriFormat()
    {
        Assert.Equal(" 'sip:o'\\''neil@x'", ShellEscaper.QuoteAppendedUri("sip:o'neil@x"));
    }
}
