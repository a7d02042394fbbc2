using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;

namespace ExecToolkit.Tests.Packaging;

/// <summary>What a package page shows and what a package installs: the README, the links, the metadata, the analyzers.</summary>
// Packs share the projects' obj folders: the packaging tests run one at a time.
[Collection(nameof(PackageBuild))]
public class PackageTests
{
    [Theory]
    [InlineData("src/ExecToolkit/ExecToolkit.csproj", "ExecToolkit", "dotnet add package ExecToolkit")]
    [InlineData("src/ExecToolkit.Cli/ExecToolkit.Cli.csproj", "exectool", "dotnet tool install -g exectool")]
    [InlineData("src/ExecToolkit.Testing/ExecToolkit.Testing.csproj", "ExecToolkit.Testing", "dotnet add package ExecToolkit.Testing")]
    [InlineData("src/ExecToolkit.CliWrap/ExecToolkit.CliWrap.csproj", "ExecToolkit.CliWrap", "dotnet add package ExecToolkit.CliWrap")]
    public void The_package_page_has_the_install_line_absolute_links_and_the_project_urls(string project, string id, string installLine)
    {
        string feed = Path.Combine(Path.GetTempPath(), "exec-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            PackageBuild.Pack(project, feed);
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(feed, id + "." + PackageBuild.Version + ".nupkg"));
            string readme = Read(package, "README.md");
            Assert.Contains(installLine, readme, StringComparison.Ordinal);

            // Every link a package page can follow: markdown links and bare URLs are absolute https.
            foreach (Match link in Regex.Matches(readme, @"\]\(([^)]*)\)"))
            {
                Assert.StartsWith("https://", link.Groups[1].Value, StringComparison.Ordinal);
            }

            Assert.Contains("https://github.com/exectoolkit/exectoolkit", readme, StringComparison.Ordinal);

            string nuspec = Read(package, id + ".nuspec");
            Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<projectUrl>https://github.com/exectoolkit/exectoolkit</projectUrl>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\" url=\"https://github.com/exectoolkit/exectoolkit\"", nuspec, StringComparison.Ordinal);
            Assert.Contains("<version>" + PackageBuild.Version + "</version>", nuspec, StringComparison.Ordinal);

            if (id.StartsWith("ExecToolkit.", StringComparison.Ordinal))
            {
                // The satellite packages need the runtime of their own version.
                Assert.Contains("<dependency id=\"ExecToolkit\" version=\"" + PackageBuild.Version + "\"", nuspec, StringComparison.Ordinal);
            }

            if (id == "ExecToolkit")
            {
                // The compiler parts travel in the runtime package.
                var analyzers = package.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal)).Select(e => e.Name).Order(StringComparer.Ordinal);
                Assert.Equal(["ExecToolkit.Analyzers.dll", "ExecToolkit.CodeFixes.dll", "ExecToolkit.Generators.dll"], analyzers);
            }
        }
        finally
        {
            if (Directory.Exists(feed))
            {
                Directory.Delete(feed, recursive: true);
            }
        }
    }

    [Fact]
    public void The_runtime_says_it_runs_on_Linux_only()
    {
        var platform = (System.Runtime.Versioning.SupportedOSPlatformAttribute?)Attribute.GetCustomAttribute(typeof(SipExec).Assembly, typeof(System.Runtime.Versioning.SupportedOSPlatformAttribute));
        Assert.Equal("linux", platform?.PlatformName);
    }

    private static string Read(ZipArchive package, string name)
    {
        ZipArchiveEntry entry = package.GetEntry(name) ?? throw new InvalidOperationException(name + " is not in the package");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
