using System.Linq;
using CsCheck;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates;

public class TemplateParserTests
{
    private static string Kinds(string template)
        => string.Join(" ", TemplateParser.Parse(template).Select(t => t.Kind switch
        {
            TemplateTokenKind.Text => "T[" + t.Source + "]",
            TemplateTokenKind.Dollar => "$",
            _ => "V[" + t.Source + "]",
        }));

    [Theory]
    [InlineData("", "")]
    [InlineData("echo hi", "T[echo hi]")]
    [InlineData("echo $$SIP_OUSER", "T[echo ] $ T[SIP_OUSER]")]
    [InlineData("$$$$", "$ $")]
    [InlineData("a$($)b", "T[a] $ T[b]")]
    [InlineData("x $rU y", "T[x ] V[$rU] T[ y]")]
    [InlineData("'$ct'", "T['] V[$ct] T[']")]
    [InlineData("$rU-$fU", "V[$rU] T[-] V[$fU]")]
    [InlineData("$rU/$fU@$rd", "V[$rU] T[/] V[$fU] T[@] V[$rd]")]
    [InlineData("$hdr(X-Account)[0]", "V[$hdr(X-Account)] T[[0]]")]
    [InlineData("$(hdr(Via)[*])", "V[$(hdr(Via)[*])]")]
    [InlineData("$(rU{s.len}).txt", "V[$(rU{s.len})] T[.txt]")]
    [InlineData("$(ru{uri.user} {s.toupper})", "V[$(ru{uri.user} {s.toupper})]")]
    [InlineData("$ruri.user", "V[$ruri.user]")]
    [InlineData("echo $?", "T[echo ] V[$?]")]
    [InlineData("$avp(s:x)$var(y)", "V[$avp(s:x)] V[$var(y)]")]
    public void Splits_templates_into_tokens(string template, string expected)
        => Assert.Equal(expected, Kinds(template));

    [Fact]
    public void Tokens_carry_their_source_spans()
    {
        var tokens = TemplateParser.Parse("cat /tmp/$(rU).txt $$X");
        Assert.Equal(new[] { 0, 9, 14, 19, 21 }, tokens.Select(t => t.Start));
        Assert.Equal(new[] { 9, 5, 5, 2, 1 }, tokens.Select(t => t.Length));
        Assert.Equal(new[] { "cat /tmp/", "", ".txt ", "$", "X" }, tokens.Select(t => t.LiteralText));
        Assert.Equal("$", tokens[3].LiteralText);
    }

    [Fact]
    public void Parses_long_form_with_inner_name_index_and_transformations()
    {
        var v = TemplateParser.Parse("$(hdr(P-Asserted-Identity)[-1]{nameaddr.uri}{uri.param,transport})").Single().Variable!;
        Assert.Equal("hdr", v.Name);
        Assert.Equal("P-Asserted-Identity", v.InnerName);
        Assert.Equal(PseudoVariableIndexKind.Number, v.IndexKind);
        Assert.Equal(-1, v.Index);
        Assert.Equal(new[] { "nameaddr.uri", "uri.param" }, v.Transformations.Select(t => t.Name));
        Assert.Equal(new[] { "transport" }, v.Transformations[1].Parameters);
        Assert.True(v.LongForm);
        Assert.Equal(PseudoVariableValueClass.Uri, v.ValueClass);
    }

    [Fact]
    public void Avp_names_follow_kamailio()
    {
        Assert.Equal("s:x", Avp("$avp(s:x)").ToString());
        Assert.Equal("i:3", Avp("$avp(i:3)").ToString());
        Assert.Equal("s:1", Avp("$avp(1)").ToString());
        Assert.Equal("s:name", Avp("$avp(fr.name)").ToString());

        static AvpName Avp(string t)
        {
            var v = TemplateParser.Parse(t).Single().Variable!;
            Assert.True(AvpName.TryParse(v.InnerName!, out var name, out _));
            return name;
        }
    }

    [Fact]
    public void Value_classes_drive_quoting_decisions()
    {
        PseudoVariableSpec V(string t) => TemplateParser.Parse(t).Single().Variable!;
        Assert.Equal(PseudoVariableValueClass.Token, V("$cs").ValueClass); // Kamailio takes any token as the CSeq number
        Assert.Equal(PseudoVariableValueClass.IpAddress, V("$si").ValueClass);
        Assert.Equal(PseudoVariableValueClass.Text, V("$ct").ValueClass);
        Assert.Equal(PseudoVariableValueClass.Number, V("$(ct{s.len})").ValueClass);
        Assert.True(V("$?").Info.ShadowsShellName);
        Assert.False(V("$rU").Info.ShadowsShellName);
    }

    [Theory]
    [InlineData("cat /tmp/$rU.txt", "unknown pseudo-variable 'rU.txt' at 9", 9, 7)]
    [InlineData("echo $SIP_OUSER", "unknown pseudo-variable 'SIP_OUSER' at 5", 5, 10)]
    [InlineData("echo $", "'$' at the end of the template (write $$ for a literal $) at 5", 5, 1)]
    [InlineData("echo ${HOME}", "expected a pseudo-variable name after '$', found '{' (write $$ for a literal $) at 5", 5, 2)]
    [InlineData("echo $1", "unknown pseudo-variable '1' at 5", 5, 2)]
    [InlineData("echo $@", "expected a pseudo-variable name after '$', found '@' (write $$ for a literal $) at 5", 5, 2)]
    [InlineData("echo $(date)", "unknown pseudo-variable 'date' at 5", 5, 6)]
    [InlineData("echo $(rU", "non-closing name parenthesis at 5", 5, 4)]
    [InlineData("echo $hdr(X", "non-closing inner-name parenthesis at 5", 5, 6)]
    [InlineData("$hdr", "pseudo-variable 'hdr' expects an inner name, as in $hdr(name) at 0", 0, 4)]
    [InlineData("$rU(x)", "pseudo-variable 'rU' does not take an inner name at 0", 0, 6)]
    [InlineData("$hdr()", "empty inner name for pseudo-variable 'hdr' at 0", 0, 6)]
    [InlineData("$hdr(a(b)c)", "'a(b)c' is not a header name (letters, digits and - . _ + ~) at 0", 0, 11)]
    [InlineData("$hdr(X A)", "'X A' is not a header name (letters, digits and - . _ + ~) at 0", 0, 9)]
    [InlineData("$(rU{s.substr,1,-1})", "transformation 's.substr' needs a length of 0 or more, got '-1' at 4", 4, 15)]
    [InlineData("$ctu", "unknown pseudo-variable 'ctu' at 0", 0, 4)]
    [InlineData("$ruri.port", "unknown pseudo-variable 'ruri.port' at 0", 0, 10)]
    [InlineData("$(rU[0])", "pseudo-variable 'rU' does not take an index at 4", 4, 3)]
    [InlineData("$(hdr(X)[])", "empty index at 8", 8, 2)]
    [InlineData("$(hdr(X)[a])", "unsupported index 'a' (use a number, a negative number or *) at 8", 8, 3)]
    [InlineData("$(rU{s.nope})", "unknown transformation 's.nope' at 4", 4, 8)]
    [InlineData("$(rU{s.substr,1})", "transformation 's.substr' takes 2 parameter(s), got 1 at 4", 4, 12)]
    [InlineData("$(rU{s.substr,a,1})", "transformation 's.substr' needs an integer, got 'a' at 4", 4, 14)]
    [InlineData("$(rU{s.len)", "non-closing transformation brace at 4", 4, 6)]
    [InlineData("$(rU x)", "unexpected 'x' in pseudo-variable 'rU' at 5", 5, 1)]
    [InlineData("$avp(i:x)", "invalid integer AVP name 'i:x' at 0", 0, 9)]
    [InlineData("$avp($var(n))", "dynamic inner names ('$var(n)') are not supported at 0", 0, 13)]
    [InlineData("$RU", "unknown pseudo-variable 'RU' at 0", 0, 3)]
    public void Errors_name_the_problem_and_where(string template, string message, int offset, int length)
    {
        var e = Assert.Throws<TemplateParseException>(() => TemplateParser.Parse(template));
        Assert.Equal(message, e.Message);
        Assert.Equal(offset, e.Offset);
        Assert.Equal(length, e.Length);
        Assert.False(TemplateParser.TryParse(template, out var tokens, out var error));
        Assert.Empty(tokens);
        Assert.Equal(message, error!.Message);
    }

    [Fact]
    public void Every_catalog_name_parses_in_both_forms()
    {
        foreach (var info in PseudoVariableCatalog.All)
        {
            string shortForm = info.InnerName == InnerNameUse.Required ? "$" + info.Name + "(x)" : "$" + info.Name;
            string longForm = info.InnerName == InnerNameUse.Required ? "$(" + info.Name + "(x))" : "$(" + info.Name + ")";
            if (info.Name == "avp")
            {
                shortForm = "$avp(s:x)";
                longForm = "$(avp(s:x))";
            }

            Assert.Equal(info.Name, TemplateParser.Parse(shortForm).Single().Variable!.Name);
            Assert.Equal(info.Name, TemplateParser.Parse(longForm).Single().Variable!.Name);
        }
    }

    [Fact]
    public void The_issue_list_of_pseudo_variables_is_complete()
    {
        string[] required =
        {
            "ru", "rU", "rd", "rp", "rP", "rz", "ou", "oU", "od", "op", "fu", "fU", "fd", "fn", "ft", "tu", "tU", "td", "tn", "tt",
            "ci", "cs", "csb", "ct", "ua", "si", "sp", "siz", "rm", "rv", "mb", "ml", "rb", "bs", "cl", "cT", "du", "br", "bR",
            "ds", "ai", "pu", "pU", "pd", "pn", "di", "re", "rt", "Ri", "Rp", "pr", "proto", "au", "ad", "aU", "ar", "pp", "rc", "?",
            "env", "null", "hdr", "hdrc", "avp", "var",
        };
        Assert.All(required, name => Assert.True(PseudoVariableCatalog.TryGet(name, out _), name));
        string[] transformations =
        {
            "s.len", "s.tolower", "s.toupper", "s.substr", "s.select", "s.encode.hexa", "uri.user", "uri.host", "uri.port", "uri.param",
            "nameaddr.uri", "nameaddr.name", "param.value", "tobody.uri", "tobody.tag", "tobody.user",
        };
        Assert.All(transformations, name => Assert.True(PseudoVariableCatalog.TryGetTransformation(name, out _), name));
    }

    [Fact]
    public void Random_strings_give_tokens_or_the_documented_exception()
    {
        var alphabet = Gen.OneOf(
            Gen.OneOf<char>('$', '(', ')', '[', ']', '{', '}', ',', '.', '?', ' ', '\'', '"', '*', '-', ':'),
            Gen.OneOf<char>('r', 'U', 'h', 'd', 'a', 'v', 'p', 's', 'i', 'c', 't', 'l', 'e', 'n'),
            Gen.Char);
        Gen.String[alphabet, 0, 40].Sample(template =>
        {
            try
            {
                var tokens = TemplateParser.Parse(template);
                // Tokens tile the template exactly.
                int pos = 0;
                foreach (var t in tokens)
                {
                    Assert.Equal(pos, t.Start);
                    Assert.Equal(template.Substring(t.Start, t.Length), t.Source);
                    pos += t.Length;
                }

                Assert.Equal(template.Length, pos);
            }
            catch (TemplateParseException e)
            {
                Assert.InRange(e.Offset, 0, template.Length);
                Assert.InRange(e.Offset + e.Length, 0, template.Length);
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("$$(echo |)", 499)]
    [InlineData("\"$$(|)\"", 333)]
    [InlineData("$${X:-|}", 499)]
    [InlineData("$$((1+|))", 499)]
    public void The_nesting_limit_is_what_the_message_says(string construct, int deepest)
    {
        string[] parts = construct.Split('|');
        string Nested(int depth) => string.Concat(Enumerable.Repeat(parts[0], depth)) + "1" + string.Concat(Enumerable.Repeat(parts[1], depth));
        Assert.True(TemplateAnalysis.Analyze(Nested(deepest)).Shell.IsComplete);
        var e = Assert.Throws<TemplateParseException>(() => TemplateAnalysis.Analyze(Nested(deepest + 1)));
        Assert.Contains("333 to 500 levels at most", e.Reason, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$$(echo ")]
    [InlineData("\"$$(")]
    [InlineData("$${X:-")]
    [InlineData("$$((")]
    [InlineData("'\"$$(")]
    public void Shell_text_nested_too_deeply_is_a_parse_error_not_a_stack_overflow(string level)
    {
        // 40,000 levels used to exhaust the stack (an uncatchable crash) and took seconds; the limit is 333 to 500.
        string deep = string.Concat(Enumerable.Repeat(level, 40_000)) + "$rU";
        var e = Assert.Throws<TemplateParseException>(() => CommandTemplate.Parse(deep));
        Assert.StartsWith("quotes, substitutions and expansions nested too deeply", e.Reason, System.StringComparison.Ordinal);
        // The linter (analyzers, exectool lint) finishes too and reports the same error.
        LintFinding finding = Assert.Single(TemplateLinter.Lint(deep, LintMode.Verbatim));
        Assert.Equal(TemplateLinter.MalformedTemplate, finding.Id);
        Assert.Equal(e.Reason, finding.Message);

        // What a person writes stays far below it, also on a small stack (a thread-pool thread has less than the main one).
        string nested = string.Concat(Enumerable.Repeat(level, 150)) + "$rU";
        System.Exception? error = null;
        var thread = new System.Threading.Thread(() => error = Record.Exception(() => CommandTemplate.Parse(nested)), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(error);
    }
}
