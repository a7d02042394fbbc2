extern alias Generators;

using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ExecGenerator = Generators::ExecToolkit.Generators.ExecGenerator;

namespace ExecToolkit.Generators.Tests;

/// <summary>One test per diagnostic, with its exact location ({|ID:...|} markup; $$ in templates is code).</summary>
public class DiagnosticTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using ExecToolkit;

        """;

    [Fact]
    public Task EXEC0001_MethodNotPartial() => Verify("""
        public static partial class C
        {
            [ExecDset("x $rU")]
            public static ValueTask<DsetResult> {|EXEC0001:Run|}(SipExec exec, RequestContext request) => default;
        }
        """);

    [Fact]
    public Task EXEC0002_MethodHasBody() => Verify("""
        public static partial class C
        {
            [ExecDset("x $rU")]
            public static partial ValueTask<DsetResult> {|EXEC0002:Run|}(SipExec exec, RequestContext request) => default;
        }
        """);

    [Fact]
    public Task EXEC0002_MethodHasImplementationPart() => Verify("""
        public static partial class C
        {
            [ExecDset("x $rU")]
            public static partial ValueTask<DsetResult> {|EXEC0002:Run|}(SipExec exec, RequestContext request);

            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request) => default;
        }
        """);

    [Fact]
    public Task EXEC0003_WrongParameters() => Verify("""
        public static partial class C
        {
            [ExecDset("x $rU")]
            public static partial ValueTask<DsetResult> Run{|EXEC0003:(SipExec exec, int count)|};
        }
        """);

    [Fact]
    public Task EXEC0003_ExecCmdNeedsRequestForPseudoVariables() => Verify("""
        public static partial class C
        {
            [ExecCmd("true")]
            public static partial ValueTask<ExecResult> Ok(SipExec exec, CancellationToken token);

            [ExecCmd("echo $rU")]
            public static partial ValueTask<ExecResult> Run{|EXEC0003:(SipExec exec, CancellationToken token)|};
        }
        """, generatedSources: 1);

    [Fact]
    public Task EXEC0004_WrongReturnType() => Verify("""
        public static partial class C
        {
            [ExecAvp("x $rU")]
            public static partial {|EXEC0004:Task<AvpResult>|} Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0005_TemplateNotConstant() => Verify("""
        public static partial class C
        {
            [ExecMsg({|EXEC0005:null|})]
            public static partial ValueTask<ExecResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0006_MalformedTemplate_InsideTheLiteral() => Verify("""
        public static partial class C
        {
            [ExecDset("echo $$ {|EXEC0006:$|}")]
            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0006_MalformedTemplate_UnclosedLongForm() => Verify("""
        public static partial class C
        {
            [ExecDset(template: "echo {|EXEC0006:$(hdr(X)|}")]
            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0006_MalformedTemplate_HereDocumentDelimiter() => Verify("""
        public static partial class C
        {
            [ExecCmd("cat <<{|EXEC0006:$rU|}")]
            public static partial ValueTask<ExecResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0006_MalformedTemplate_LiteralWithEscapes() => Verify("""
        public static partial class C
        {
            [ExecDset("echo\t{|EXEC0006:$|}")]
            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0007_UnknownPseudoVariable_InAVerbatimLiteralWithQuotes() => Verify("""
        public static partial class C
        {
            [ExecDset(@"echo ""a"" '{|EXEC0007:$foo|}' $rU")]
            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0007_UnknownPseudoVariable_InARawLiteral() => Verify(""""
        public static partial class C
        {
            [ExecDset("""echo "a" {|EXEC0007:$foo|} $rU""")]
            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }
        """");

    [Fact]
    public Task EXEC0006_MalformedTemplate_ConstantNameMarksTheArgument() => Verify("""
        public static partial class C
        {
            private const string Bad = "echo $";

            [ExecDset({|EXEC0006:Bad|})]
            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0007_UnknownPseudoVariable() => Verify("""
        public static partial class C
        {
            [ExecDset("echo '{|EXEC0007:$foo|}' $rU")]
            public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0008_BadAvpList() => Verify("""
        public static partial class C
        {
            [ExecAvp("x $rU", "$avp(s:plan), {|EXEC0008:plan|}")]
            public static partial ValueTask<AvpResult> Run(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public async Task Exec0006MessageHasReasonAndOffset()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [ExecDset("echo $$ $")]
                public static partial ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
            }
            """);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("EXEC0006", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Malformed template: '$' at the end of the template (write $$ for a literal $) (offset 8)", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("https://github.com/exectoolkit/exectoolkit/blob/main/docs/diagnostics.md#exec0006", d.Descriptor.HelpLinkUri);
        await Task.CompletedTask;
    }

    [Fact]
    public void NoRuntimeReferenceMeansNoOutput()
    {
        // Plain net8.0 reference assemblies, no ExecToolkit: the generator finds nothing and reports nothing.
        var compilation = GeneratorHarness.CompileWith(GeneratorHarness.Net80Only, "public static partial class C { public static void M() { } }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public Task EXEC0009_ExtensionMethod() => Verify("""
        public static partial class C
        {
            [ExecDset("x $rU")]
            public static partial ValueTask<DsetResult> {|EXEC0009:Run|}(this SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0009_Override() => Verify("""
        public abstract class B
        {
            public abstract ValueTask<DsetResult> Run(SipExec exec, RequestContext request);
        }

        public partial class C : B
        {
            [ExecDset("x $rU")]
            public override partial ValueTask<DsetResult> {|EXEC0009:Run|}(SipExec exec, RequestContext request);
        }
        """);

    [Fact]
    public Task EXEC0009_FileLocalType() => Verify("""
        file static partial class C
        {
            [ExecDset("x $rU")]
            public static partial ValueTask<DsetResult> {|EXEC0009:Run|}(SipExec exec, RequestContext request);
        }
        """);

    private static async Task Verify(string source, int generatedSources = 0)
    {
        var test = new CSharpSourceGeneratorTest<ExecGenerator, DefaultVerifier>
        {
            TestCode = Usings + source,
            // No reference-assembly package (nothing to download): the running framework plus the runtime.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0-local"),
            CompilerDiagnostics = CompilerDiagnostics.None,
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
        };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        if (generatedSources > 0)
        {
            // Only the diagnostics are checked here; CompilationTests checks generated code.
            test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        await test.RunAsync();
    }
}
