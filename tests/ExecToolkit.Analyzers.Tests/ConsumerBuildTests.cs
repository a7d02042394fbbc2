extern alias Runtime;

using System;
using System.Diagnostics;
using System.IO;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>
/// A separate project that loads the built analyzer and code-fix assemblies the way a package does (as analyzers, not
/// as references) and builds with the .NET SDK: the warnings reach the build output with file, line and column,
/// `.editorconfig` severities apply, and a clean template gives none.
/// </summary>
public class ConsumerBuildTests
{
    [Fact]
    public void A_consumer_build_reports_template_and_cfg_findings()
    {
        var (exitCode, output) = Build("<AdditionalFiles Include=\"kamailio.cfg\" />", "", dir =>
        {
            File.WriteAllText(Path.Combine(dir, "Routing.cs"), """
                using ExecToolkit;
                public static class Routing
                {
                    public static void Run(SipExec exec, RequestContext request)
                    {
                        _ = exec.ExecMsgAsync(request, "notify.sh '$ct'");
                        _ = exec.ExecCmdAsync(request, "echo $$? $?");
                    }
                }
                """);
            // A handler the generator implements: the template rules apply to its attribute as to a call site, once.
            File.WriteAllText(Path.Combine(dir, "Handlers.cs"), """
                using System.Threading.Tasks;
                using ExecToolkit;
                public static partial class Handlers
                {
                    /// <summary>The user's own summary.</summary>
                    [ExecMsg("notify.sh $ct", Mode = ExpansionMode.Verbatim)]
                    public static partial ValueTask<ExecResult> NotifyAsync(SipExec exec, RequestContext request);

                    [ExecDset("lookup.sh '$rU'")]
                    public static partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request);
                }
                """);
            File.WriteAllText(Path.Combine(dir, "kamailio.cfg"), "request_route {\n    exec_msg(\"notify.sh $ct\");\n}\n");
            File.WriteAllText(Path.Combine(dir, ".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.EXEC1003.severity = error\ndotnet_diagnostic.EXEC1001.severity = warning\n");

            // kamailio.cfg is an AdditionalFile: the compiler applies .editorconfig sections to C# files only, so its
            // findings take their severity from a .globalconfig (the .editorconfig above still wins for *.cs).
            File.WriteAllText(Path.Combine(dir, ".globalconfig"), "is_global = true\ndotnet_diagnostic.EXEC1001.severity = error\n");
        });

        Assert.True(output.Contains("Routing.cs(7,50): error EXEC1003", StringComparison.Ordinal), output);
        Assert.Contains("Handlers.cs(6,25): warning EXEC1001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Handlers.cs(9", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8795", output, StringComparison.Ordinal); // the generator implemented both
        Assert.DoesNotContain("EXEC0", output, StringComparison.Ordinal);
        Assert.Contains("kamailio.cfg(2,25): error EXEC1001", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Routing\.cs\(6,\d+\): \w+ EXEC", output);

        // The runtime is Linux-only and says so: a project that does not declare Linux is told where it calls it.
        Assert.Contains("Routing.cs(6,13): warning CA1416", output, StringComparison.Ordinal);
        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void Generated_handlers_build_clean_with_the_documentation_file_and_warnings_as_errors()
    {
        var (exitCode, output) = Build("", "<GenerateDocumentationFile>true</GenerateDocumentationFile><TreatWarningsAsErrors>true</TreatWarningsAsErrors>", dir =>
        {
            // Overloads and a keyword name: the generated doc comments must not make cref warnings of them.
            File.WriteAllText(Path.Combine(dir, "Handlers.cs"), """
                using System.Threading;
                using System.Threading.Tasks;
                using ExecToolkit;

                /// <summary>Handlers.</summary>
                public static partial class Handlers
                {
                    /// <summary>Notifies.</summary>
                    /// <param name="exec">The runner.</param>
                    /// <param name="request">The request.</param>
                    /// <returns>The result.</returns>
                    [ExecMsg("notify.sh '$ct'")]
                    public static partial ValueTask<ExecResult> NotifyAsync(SipExec exec, RequestContext request);

                    /// <summary>Notifies, cancellable.</summary>
                    /// <param name="exec">The runner.</param>
                    /// <param name="request">The request.</param>
                    /// <param name="cancellationToken">Cancels the call.</param>
                    /// <returns>The result.</returns>
                    [ExecMsg("notify.sh '$ct' '$ci'")]
                    public static partial ValueTask<ExecResult> NotifyAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken);

                    /// <summary>Runs for an event.</summary>
                    /// <param name="exec">The runner.</param>
                    /// <param name="request">The request.</param>
                    /// <returns>The result.</returns>
                    [ExecCmd("event.sh '$rm'")]
                    public static partial ValueTask<ExecResult> @event(SipExec exec, RequestContext request);
                }
                """);
        });

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain(": warning ", output, StringComparison.Ordinal);
    }

    // A separate project that loads the built analyzers, code fixes and generator as a package does (Analyzer items,
    // not references) and compiles against the built runtime; dotnet build without the shared compiler server (which
    // could keep an older analyzer loaded). Returns the exit code and the build output.
    private static (int ExitCode, string Output) Build(string items, string properties, Action<string> writeSources)
    {
        string dir = Path.Combine(Path.GetTempPath(), "exec-consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string analyzers = Path.GetDirectoryName(typeof(ExecTemplateAnalyzer).Assembly.Location)!;
            string runtime = typeof(Runtime::ExecToolkit.SipExec).Assembly.Location;
            File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                    {properties}
                  </PropertyGroup>
                  <ItemGroup>
                    <Analyzer Include="{analyzers}/ExecToolkit.Analyzers.dll" />
                    <Analyzer Include="{analyzers}/ExecToolkit.CodeFixes.dll" />
                    <Analyzer Include="{GeneratorPath()}" />
                    <Reference Include="{runtime}" />
                    {items}
                  </ItemGroup>
                </Project>
                """);
            writeSources(dir);

            var psi = new ProcessStartInfo("dotnet", "build -nologo -v:q -clp:NoSummary -p:UseSharedCompilation=false")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(psi)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // The generator as the repository builds it: generators/ExecToolkit.Generators/bin/<configuration>/netstandard2.0,
    // beside this test's own bin/<configuration>/<framework>.
    internal static string GeneratorPath()
    {
        string tests = Path.GetDirectoryName(typeof(ConsumerBuildTests).Assembly.Location)!;
        string configuration = Path.GetFileName(Path.GetDirectoryName(tests))!;
        string root = Path.GetFullPath(Path.Combine(tests, "..", "..", "..", "..", ".."));
        string path = Path.Combine(root, "generators", "ExecToolkit.Generators", "bin", configuration, "netstandard2.0", "ExecToolkit.Generators.dll");
        Assert.True(File.Exists(path), "the generator is built by this project's reference: " + path);
        return path;
    }
}
