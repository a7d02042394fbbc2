using System;
using System.IO;
using System.Linq;

namespace ExecToolkit.Tests.Packaging;

/// <summary>
/// exectool as users get it: the CLI project packed as a .NET tool, installed with <c>dotnet tool install</c> from a
/// local feed (nothing else configured, so no network), then run as a program.
/// </summary>
// Packs share the projects' obj folders: the packaging tests run one at a time.
[Collection(nameof(PackageBuild))]
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
            string version = PackageBuild.Version;
            PackageBuild.Pack(Path.Combine("src", "ExecToolkit.Cli", "ExecToolkit.Cli.csproj"), feed);
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
            PackageBuild.Run("dotnet", $"tool install exectool --version {version} --tool-path \"{tools}\" --configfile \"{Path.Combine(work, "nuget.config")}\"", work);

            string exectool = Path.Combine(tools, "exectool");

            // The native process start travels with the tool, next to ExecToolkit.dll.
            string runtime = Directory.GetFiles(tools, "ExecToolkit.dll", SearchOption.AllDirectories).Single();
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(runtime)!, "libexectoolkit_spawn.so")), runtime);
            Assert.Equal("exectool " + version + "\n", PackageBuild.Run(exectool, "--version", work).Stdout);
            var lint = PackageBuild.Run(exectool, "lint -", work, "request_route {\n    exec_msg(\"notify.sh $ct\");\n}\n", expectedExit: 1);
            Assert.StartsWith("-(2,25): warning EXEC1001", lint.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
