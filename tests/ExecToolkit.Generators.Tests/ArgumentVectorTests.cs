using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using ExecToolkit.Generators.Tests.Samples;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Templates;

namespace ExecToolkit.Generators.Tests.Samples
{
    /// <summary>Simple-command templates compiled by the real generator, for <see cref="ArgumentVectorTests"/>.</summary>
    public static partial class ArgumentSamples
    {
        public const string Words = "/usr/bin/printf '%s\\n' $var(v) \"$hdr(X-V)\" 'x$var(v)y' ''";
        public const string MidWord = "prog a$var(v)b\"c$hdr(X-V)d\"'e'$rU \"\" x";
        public const string Environment = "\"$$DIR/lookup.sh\" \"$${DIR}/directory.txt\" '$rU' \"$$UNSET_VARIABLE_X\"";
        public const string Accessors = "route-for $fU $tU $ci \"$ua\" '$si' $cs $rm $ru";
        public const string Transformations = "prog $(var(v){s.len}) '$(hdr(X-V){s.substr,1,3})' $(hdr(X-V)[*]) \"$(var(v){s.toupper})\"";
        public const string Escapes = "\"/opt/my dir/prog\" \"a\\\\b\\$$c\\\"d\\`e\\f\" 'g\\h' ab\"cd\"'ef'$var(v)";

        public static readonly (string Name, string Template)[] All =
        {
            (nameof(Words), Words),
            (nameof(MidWord), MidWord),
            (nameof(Environment), Environment),
            (nameof(Accessors), Accessors),
            (nameof(Transformations), Transformations),
            (nameof(Escapes), Escapes),
        };

        [ExecCmd(Words)] public static partial ValueTask<ExecResult> WordsAsync(SipExec exec, RequestContext request);
        [ExecCmd(MidWord)] public static partial ValueTask<ExecResult> MidWordAsync(SipExec exec, RequestContext request);
        [ExecCmd(Environment)] public static partial ValueTask<ExecResult> EnvironmentAsync(SipExec exec, RequestContext request);
        [ExecCmd(Accessors)] public static partial ValueTask<ExecResult> AccessorsAsync(SipExec exec, RequestContext request);
        [ExecCmd(Transformations)] public static partial ValueTask<ExecResult> TransformationsAsync(SipExec exec, RequestContext request);
        [ExecCmd(Escapes)] public static partial ValueTask<ExecResult> EscapesAsync(SipExec exec, RequestContext request);

        // Simple, but Verbatim: a value is shell text there, so no vector is generated.
        [ExecCmd(Words, Mode = ExpansionMode.Verbatim)] public static partial ValueTask<ExecResult> WordsVerbatimAsync(SipExec exec, RequestContext request);
    }
}

namespace ExecToolkit.Generators.Tests
{
    /// <summary>
    /// The argument vector the generator emits as straight-line code is the one the runtime's shell model builds (and
    /// so, by SimpleCommandTests, the one <c>sh -c</c> passes): for hostile values in <c>$var(v)</c>, <c>X-V</c> and the
    /// environment, the same arguments or the same refusal. Templates that need a shell get no vector.
    /// </summary>
    public sealed class ArgumentVectorTests
    {
        private const int Iterations = 300;

        public static TheoryData<string> Names()
        {
            var data = new TheoryData<string>();
            foreach ((string name, _) in ArgumentSamples.All)
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Generated_vector_equals_the_runtime_vector(string name)
        {
            string text = Array.Find(ArgumentSamples.All, s => s.Name == name).Template;
            CommandTemplate generated = TemplateOf(typeof(ArgumentSamples), name + "Async");
            Func<RequestContext, Func<string, string?>, string[]> arguments = generated.GeneratedArguments
                ?? throw new InvalidOperationException(name + ": the generator emitted no argument vector");
            CommandTemplate runtime = CommandTemplate.Parse(text);
            SimpleCommand simple = runtime.SimpleCommandOf(out string? reason) ?? throw new InvalidOperationException(name + ": " + reason);

            var random = new Random(StringComparer.Ordinal.GetHashCode(name) & 0x7fff ^ 1717);
            for (int i = 0; i < Iterations; i++)
            {
                string variable = i == 0 ? "" : DifferentialTests.RandomValue(random, allowLineBreaks: true);
                string header = i == 0 ? "plain" : DifferentialTests.RandomValue(random, allowLineBreaks: false);
                string directory = i == 0 ? "/srv" : DifferentialTests.RandomValue(random, allowLineBreaks: true).Replace("\0", "", StringComparison.Ordinal);
                RequestContext request = DifferentialTests.Request(header);
                request.Vars["v"] = variable;
                string? Environment(string n) => n == "DIR" ? directory : null;

                string expected = Outcome(() => simple.Arguments(t => PseudoVariableEvaluator.Print(runtime.Tokens[t].Variable!, request), Environment));
                string actual = Outcome(() => arguments(request, Environment));
                Assert.True(expected == actual, $"{name}: v={DifferentialTests.Show(variable)} X-V={DifferentialTests.Show(header)}\nruntime:   {DifferentialTests.Show(expected)}\ngenerated: {DifferentialTests.Show(actual)}");
            }
        }

        [Fact]
        public void The_vector_is_exactly_the_words()
        {
            RequestContext request = DifferentialTests.Request("$(id) a'b");
            request.Vars["v"] = "x y*";
            string[] vector = TemplateOf(typeof(ArgumentSamples), "WordsAsync").GeneratedArguments!(request, _ => null);
            Assert.Equal(["/usr/bin/printf", "%s\\n", "x y*", "$(id) a'b", "xx y*y", ""], vector);

            string[] escapes = TemplateOf(typeof(ArgumentSamples), "EscapesAsync").GeneratedArguments!(request, _ => null);
            Assert.Equal(["/opt/my dir/prog", "a\\b$c\"d`e\\f", "g\\h", "abcdefx y*"], escapes);

            string[] environment = TemplateOf(typeof(ArgumentSamples), "EnvironmentAsync").GeneratedArguments!(request, n => n == "DIR" ? "/a b" : null);
            Assert.Equal(["/a b/lookup.sh", "/a b/directory.txt", "alice", ""], environment);
        }

        [Fact]
        public void A_NUL_in_a_value_is_refused_naming_the_placeholder()
        {
            RequestContext request = DifferentialTests.Request("plain");
            request.Vars["v"] = "a\0b";
            var e = Assert.Throws<UnsafeShellValueException>(() => TemplateOf(typeof(ArgumentSamples), "WordsAsync").GeneratedArguments!(request, _ => null));
            Assert.Contains("$var(v)", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Templates_that_need_a_shell_get_no_vector()
        {
            Assert.Null(TemplateOf(typeof(ArgumentSamples), "WordsVerbatimAsync").GeneratedArguments);
            int withShell = 0;
            foreach (var c in ContextSamples.All)
            {
                CommandTemplate template = TemplateOf(typeof(ContextSamples), c.Name + "Async");
                bool simple = c.Mode == ExpansionMode.ShellSafe && CommandTemplate.Parse(c.Template).SimpleCommandOf(out _) is not null;
                Assert.Equal(simple, template.GeneratedArguments is not null);
                withShell += simple ? 0 : 1;
            }

            Assert.True(withShell >= 20, "the context samples should mostly need a shell: " + withShell);
        }

        [Fact]
        public async Task A_generated_handler_runs_its_generated_vector_without_the_shell()
        {
            using var exec = new SipExec(new ExecOptions { ShellUse = ShellUse.WhenNeeded });
            RequestContext request = DifferentialTests.Request("$(id) a'b");
            request.Vars["v"] = "x y*";
            ExecResult generated = await ArgumentSamples.WordsAsync(exec, request);
            ExecResult runtime = await exec.ExecCmdAsync(request, CommandTemplate.Parse(ArgumentSamples.Words));
            Assert.Equal(1, generated.ReturnCode);
            Assert.Equal(["/usr/bin/printf", "%s\\n", "x y*", "$(id) a'b", "xx y*y", ""], generated.Arguments);
            Assert.Equal(runtime.Arguments, generated.Arguments);
        }

        internal static CommandTemplate TemplateOf(Type type, string method)
        {
            Type holder = type.GetNestedTypes(BindingFlags.NonPublic).Single(t => t.Name.StartsWith("__ExecToolkit_" + method + "_", StringComparison.Ordinal));
            return (CommandTemplate)holder.GetField("Template", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
        }

        private static string Outcome(Func<string[]> build)
        {
            try
            {
                return "ok:" + string.Join("\u2400", build());
            }
            catch (UnsafeShellValueException e)
            {
                return "refused:" + e.Message;
            }
        }
    }
}
