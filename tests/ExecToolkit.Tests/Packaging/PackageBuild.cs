using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace ExecToolkit.Tests.Packaging;

/// <summary>Packs the repository's projects as this test run built them, and runs programs, for the packaging tests.</summary>
internal static class PackageBuild
{
    /// <summary>The version every project carries (Directory.Build.props).</summary>
    public static string Version => typeof(SipExec).Assembly.GetName().Version!.ToString(3);

    /// <summary><c>dotnet pack</c> of a project (a path from the repository root) into <paramref name="feed"/>, without building again.</summary>
    public static void Pack(string project, string feed)
    {
        // bin/<configuration>/<framework>/ of this test project, five levels below the repository root.
        string output = AppContext.BaseDirectory.TrimEnd('/');
        string configuration = Path.GetFileName(Path.GetDirectoryName(output))!;
        string root = Path.GetFullPath(Path.Combine(output, "..", "..", "..", "..", ".."));
        Run("dotnet", $"pack \"{Path.Combine(root, project)}\" -c {configuration} --no-build -o \"{feed}\"", root);
    }

    /// <summary>
    /// Makes <paramref name="work"/> a folder for fresh consumer projects: a nuget.config adding the local
    /// <paramref name="feed"/> beside the sources configured for this user (for the packages' dependencies), and empty
    /// Directory.*.props/targets so nothing of a parent folder applies. Returns the packages folder to restore into, so
    /// no earlier copy of a package is used.
    /// </summary>
    public static string UseLocalFeed(string work, string feed)
    {
        File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="exectoolkit-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");
        return Path.Combine(work, "packages");
    }

    /// <summary>Runs a program to its end (3 minutes at most) and checks its exit code.</summary>
    public static (string Stdout, string Stderr) Run(string program, string arguments, string directory, string? stdin = null, int expectedExit = 0)
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
