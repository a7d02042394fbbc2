using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ExecToolkit.Tests.Packaging;

/// <summary>
/// The ExecToolkit package as a user meets it: packed, restored from a local feed into a fresh project (its
/// dependencies from the NuGet source this machine is configured with, into a packages folder of its own, so no earlier
/// copy of the package is used), built with the generator and analyzers the package carries, and run.
/// </summary>
[Collection(nameof(PackageBuild))]
public partial class ConsumerPackageTests
{
    private const string Request =
        "INVITE sip:bob@example.com SIP/2.0\\r\\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\\r\\nFrom: <sip:alice@example.org>;tag=1\\r\\n" +
        "To: <sip:bob@example.com>\\r\\nCall-ID: consumer-1\\r\\nCSeq: 1 INVITE\\r\\nX-Account: acme; touch /tmp/pwned\\r\\nContent-Length: 0\\r\\n\\r\\n";

    // Handlers a careful user writes: documented, overloaded, a keyword name, declared Linux-only; no finding.
    private const string CleanHandlers = """
        using System.Net;
        using System.Runtime.Versioning;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using ExecToolkit;

        [assembly: SupportedOSPlatform("linux")]

        namespace Consumer;

        /// <summary>The routing handlers.</summary>
        public static partial class Routing
        {
            /// <summary>Looks the callee up.</summary>
            /// <param name="exec">The executor.</param>
            /// <param name="request">The request.</param>
            /// <returns>The result.</returns>
            [ExecDset("printf 'sip:%s@pbx.example.net\\n' '$rU'")]
            public static partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request);

            /// <summary>Looks the callee up, cancellable.</summary>
            /// <param name="exec">The executor.</param>
            /// <param name="request">The request.</param>
            /// <param name="cancellationToken">Cancels the call.</param>
            /// <returns>The result.</returns>
            [ExecDset("printf 'sip:%s@pbx.example.net\\n' '$rU'")]
            public static partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken);

            /// <summary>Stores the account header, whatever it holds, in an AVP.</summary>
            /// <param name="exec">The executor.</param>
            /// <param name="request">The request.</param>
            /// <returns>The result.</returns>
            [ExecAvp("printf '%s\\n' \"$hdr(X-Account)\"", "$avp(s:account)")]
            public static partial ValueTask<AvpResult> @event(SipExec exec, RequestContext request);
        }

        /// <summary>The program.</summary>
        public static class Program
        {
            /// <summary>Runs the handlers on one request.</summary>
            /// <returns>A task.</returns>
            public static async Task Main()
            {
                var request = RequestContext.Parse(Encoding.ASCII.GetBytes("REQUEST"), new IPEndPoint(IPAddress.Loopback, 5060));
                using var exec = new SipExec();
                System.Console.WriteLine("command " + Routing.LookupAsyncCommand(request));
                DsetResult dset = await Routing.LookupAsync(exec, request);
                System.Console.WriteLine("dset rc=" + dset.ReturnCode + " ruri=" + request.CurrentUri);
                AvpResult avp = await Routing.@event(exec, request);
                foreach (var (name, index, value) in request.Avps.Entries)
                {
                    System.Console.WriteLine("avp rc=" + avp.ReturnCode + " " + name + "[" + index + "]=" + value);
                }

                System.Console.WriteLine("native start loaded: " + System.IO.File.ReadAllText("/proc/self/maps").Contains("libexectoolkit_spawn.so", System.StringComparison.Ordinal));
            }
        }
        """;

    // Mistakes, each marked /*ID*/ right before the text the finding must point at.
    private const string Mistakes = """
        using System.Runtime.Versioning;
        using System.Threading.Tasks;
        using ExecToolkit;

        [assembly: SupportedOSPlatform("linux")]

        namespace Consumer;

        public static partial class Mistakes
        {
            [ExecMsg("notify.sh /*EXEC1001*/$ct", Mode = ExpansionMode.Verbatim)]
            public static partial ValueTask<ExecResult> NotifyAsync(SipExec exec, RequestContext request);

            [ExecCmd("true; echo /*EXEC1003*/$?")]
            public static partial ValueTask<ExecResult> StatusAsync(SipExec exec, RequestContext request);

            [ExecCmd("echo 'user /*EXEC1004*/$$SIP_USER'")]
            public static partial ValueTask<ExecResult> UserAsync(SipExec exec, RequestContext request);

            [ExecAvp("printf '%s\\n' \"$${X:-/*EXEC1009*/$hdr(X-A)}\"")]
            public static partial ValueTask<AvpResult> DefaultAsync(SipExec exec, RequestContext request);

            public static ValueTask<ExecResult> CallSite(SipExec exec, RequestContext request)
                => exec.ExecMsgAsync(request, "notify.sh /*EXEC1001*/$ct", new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim });
        }

        public static class Program
        {
            public static void Main()
            {
            }
        }
        """;

    private static string Project(bool strict) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <GenerateDocumentationFile>{strict.ToString().ToLowerInvariant()}</GenerateDocumentationFile>
            <TreatWarningsAsErrors>{strict.ToString().ToLowerInvariant()}</TreatWarningsAsErrors>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="ExecToolkit" Version="{PackageBuild.Version}" />
          </ItemGroup>
        </Project>
        """;

    [GeneratedRegex(@"^(?<file>[^\s(]+)\((?<line>\d+),(?<column>\d+)\): (?<level>warning|error|info) (?<id>[A-Z]+\d+):", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    [Fact]
    public void A_fresh_project_restores_the_package_builds_clean_runs_handlers_and_gets_every_finding_where_it_is_written()
    {
        string work = Path.Combine(Path.GetTempPath(), "exectoolkit-consumer-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        Directory.CreateDirectory(feed);
        try
        {
            PackageBuild.Pack(Path.Combine("src", "ExecToolkit", "ExecToolkit.csproj"), feed);
            string packages = PackageBuild.UseLocalFeed(work, feed);

            // 1. Careful handlers: no warning with the documentation file and warnings as errors; they run.
            string clean = Path.Combine(work, "clean");
            Directory.CreateDirectory(clean);
            File.WriteAllText(Path.Combine(clean, "Consumer.csproj"), Project(strict: true));
            File.WriteAllText(Path.Combine(clean, "Program.cs"), CleanHandlers.Replace("REQUEST", Request, StringComparison.Ordinal));
            var build = PackageBuild.Run("dotnet", $"build -c Release -p:UseSharedCompilation=false --packages \"{packages}\"", clean);
            Assert.Empty(DiagnosticLine().Matches(build.Stdout));
            Assert.Contains(" 0 Warning(s)", build.Stdout, StringComparison.Ordinal);
            string run = PackageBuild.Run("dotnet", "bin/Release/net10.0/Consumer.dll", clean).Stdout;
            Assert.Equal(
                "command printf 'sip:%s@pbx.example.net\\n' 'bob' 'sip:bob@example.com'\n" +
                "dset rc=1 ruri=sip:bob@pbx.example.net\n" +
                "avp rc=1 s:account[0]=acme; touch /tmp/pwned\n" +
                "native start loaded: True\n",
                run);

            // 2. Mistakes: each finding, from the package's analyzers on generated handlers and on a call site, exactly
            // where it is marked (line and column of the text after the marker), and nothing else.
            string mistakes = Path.Combine(work, "mistakes");
            Directory.CreateDirectory(mistakes);
            File.WriteAllText(Path.Combine(mistakes, "Consumer.csproj"), Project(strict: false));
            File.WriteAllText(Path.Combine(mistakes, "Program.cs"), Mistakes);
            build = PackageBuild.Run("dotnet", $"build -c Release -p:UseSharedCompilation=false --packages \"{packages}\"", mistakes);

            string[] lines = Mistakes.Split('\n');
            var expected = lines
                .SelectMany((text, index) => Regex.Matches(text, @"/\*(EXEC\d{4})\*/").Select(m => (Id: m.Groups[1].Value, Line: index + 1, Column: m.Index + m.Length + 1)))
                .OrderBy(d => d.Line).ThenBy(d => d.Column)
                .ToList();
            var found = DiagnosticLine().Matches(build.Stdout)
                .Select(m => (Id: m.Groups["id"].Value, Line: int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), Column: int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture)))
                .Distinct() // MSBuild repeats the warnings in its summary
                .OrderBy(d => d.Line).ThenBy(d => d.Column)
                .ToList();
            Assert.Equal(expected, found);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
