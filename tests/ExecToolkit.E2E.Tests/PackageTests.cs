using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ExecToolkit.E2E.Tests;

/// <summary>
/// The ExecToolkit package restored from a local folder feed into a fresh consumer project: it builds, the generator in
/// analyzers/dotnet/cs implements an [ExecAvp] handler, the analyzers report a bad template and stay silent on a good
/// one, and the program runs the generated code.
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public void A_fresh_consumer_restores_the_package_builds_with_its_analyzers_and_runs()
    {
        string root = FindRoot();
        string configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string work = Path.Combine(Path.GetTempPath(), "exec-package-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        string consumer = Path.Combine(work, "consumer");
        Directory.CreateDirectory(consumer);
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Run(root, "pack", "src/ExecToolkit/ExecToolkit.csproj", "--no-build", "-c", configuration, "-o", feed, "-p:Version=" + version);
            Assert.Single(Directory.GetFiles(feed, "ExecToolkit." + version + ".nupkg"));

            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ExecToolkit" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using ExecToolkit;
                var request = RequestContext.Parse(System.Text.Encoding.ASCII.GetBytes("OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: pkg\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
                using var exec = new SipExec();
                var good = await Handlers.UserAsync(exec, request);
                Console.WriteLine(good.Assignments[0].Value);
                _ = CommandTemplate.Parse("echo '$$SIP_USER'");
                """);
            File.WriteAllText(Path.Combine(consumer, "Handlers.cs"), """
                using ExecToolkit;
                public static partial class Handlers
                {
                    [ExecAvp("echo \"$$SIP_USER\" $rU")]
                    public static partial ValueTask<AvpResult> UserAsync(SipExec exec, RequestContext request);
                }
                """);

            string build = Run(consumer, "build", "-nologo", "-v:q", "-clp:NoSummary");
            Assert.True(build.Contains("Program.cs(6,34): warning EXEC1004", StringComparison.Ordinal), build);
            Assert.Single(build.Split('\n').Where(l => l.Contains(" EXEC", StringComparison.Ordinal)).Distinct());

            string output = Run(consumer, "run", "--no-build");
            Assert.Equal("bob bob", output.Trim());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Run(string directory, params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string all = stdout + stderr.Result;
        Assert.True(p.ExitCode == 0, "dotnet " + string.Join(' ', arguments) + " failed:\n" + all);
        return all;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExecToolkit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ExecToolkit.sln not found");
    }
}
