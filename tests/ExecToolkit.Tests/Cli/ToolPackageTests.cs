using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace ExecToolkit.Tests.Cli;

/// <summary>
/// exectool as users get it: the CLI project packed as a .NET tool, installed with <c>dotnet tool install</c> from a
/// local feed (nothing else configured, so no network), then run as a program.
/// </summary>
public class ToolPackageTests
{
    [Fact]
    public void Dotnet_tool_install_from_a_local_feed_gives_a_working_exectool()
    {
        string work = Path.Combine(Path.GetTempPath(), "exectool-tool-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        string tools = Path.Combine(work, "tools");
        Directory.CreateDirectory(feed);
        try
        {
            // The project as this test run built it (same configuration), packed without building again.
            string output = AppContext.BaseDirectory.TrimEnd('/');
            string configuration = Path.GetFileName(Path.GetDirectoryName(output))!;
            string root = Path.GetFullPath(Path.Combine(output, "..", "..", "..", "..", ".."));
            string project = Path.Combine(root, "src", "ExecToolkit.Cli", "ExecToolkit.Cli.csproj");
            string version = typeof(ExecToolkit.Cli.Commands).Assembly.GetName().Version!.ToString(3);
            Run("dotnet", $"pack \"{project}\" -c {configuration} --no-build -o \"{feed}\"", work);
            Assert.True(File.Exists(Path.Combine(feed, "exectool." + version + ".nupkg")), string.Join(", ", Directory.GetFiles(feed)));

            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            Run("dotnet", $"tool install exectool --version {version} --tool-path \"{tools}\" --configfile \"{Path.Combine(work, "nuget.config")}\"", work);

            string exectool = Path.Combine(tools, "exectool");
            Assert.Equal("exectool " + version + "\n", Run(exectool, "--version", work).Stdout);
            var lint = Run(exectool, "lint -", work, "request_route {\n    exec_msg(\"notify.sh $ct\");\n}\n", expectedExit: 1);
            Assert.StartsWith("-(2,25): warning EXEC1001", lint.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (string Stdout, string Stderr) Run(string program, string arguments, string directory, string? stdin = null, int expectedExit = 0)
    {
        var psi = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        process.StandardInput.Write(stdin ?? "");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), program + " " + arguments + " did not finish");
        Assert.True(process.ExitCode == expectedExit, $"{program} {arguments}: exit {process.ExitCode}\n{stdout}\n{stderr.Result}");
        return (stdout, stderr.Result);
    }
}
