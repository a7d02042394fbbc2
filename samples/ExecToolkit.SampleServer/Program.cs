using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ExecToolkit;
using ExecToolkit.SampleServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// The command line sets configuration keys (it wins over appsettings.json and EXEC_/Sample__ environment variables).
// Exit codes: 0 stopped normally (SIGTERM, Ctrl-C), 1 could not start (address in use, not local), 2 bad usage or settings.
var listen = new Option<string>("--listen") { Description = "Address and port to listen on: IP:PORT, [IPv6]:PORT or HOST:PORT (default 127.0.0.1:5060; port 0 picks a free one).", HelpName = "ADDRESS[:PORT]", CustomParser = r => Check(r, "--listen", t => { SampleOptions.ParseListen(t); return t; }) };
var transport = new Option<string>("--transport") { Description = "udp, tcp, or both (the default): the same port on each.", HelpName = "udp|tcp|both", CustomParser = r => Check(r, "--transport", t => t is "udp" or "tcp" or "both" ? t : throw new FormatException("expected udp, tcp or both, got '" + t + "'")) };
var scripts = new Option<string>("--scripts") { Description = "Folder of lookup.sh, archive.sh, expires.sh and directory.txt (default: the bundled scripts).", HelpName = "FOLDER" };
var archive = new Option<string>("--archive") { Description = "Where MESSAGE requests are archived (default: $STATE_DIRECTORY/archive under systemd, else $XDG_STATE_HOME or ~/.local/state, then exec-sample-server/archive).", HelpName = "FOLDER" };
var timeToKill = new Option<TimeSpan>("--time-to-kill") { Description = "Kill a command's process group after this time: seconds, or a number with ms, s, m or h (default 2s; 0: never).", HelpName = "TIME", CustomParser = r => Check(r, "--time-to-kill", ParseTime) };
var concurrency = new Option<int>("--concurrency") { Description = "Commands running at once at most (default 16).", HelpName = "N", CustomParser = r => Check(r, "--concurrency", t => ParseCount(t, 1)) };
var workers = new Option<int>("--workers") { Description = "UDP worker threads that run their commands themselves, as Kamailio's children (default 8, at most the concurrency); 0: asynchronous receive.", HelpName = "N", CustomParser = r => Check(r, "--workers", t => ParseCount(t, 0)) };
var root = new RootCommand("ExecToolkit's sample SIP redirect server: INVITE -> exec_dset lookup -> 302/404, MESSAGE -> exec_msg archive, REGISTER -> exec_avp expiry, OPTIONS, CANCEL, over UDP and TCP.")
{
    listen, transport, scripts, archive, timeToKill, concurrency, workers,
};
ParseResult parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine("exec-sample-server: " + string.Join("; ", parsed.Errors.Select(e => e.Message)) + " (see 'exec-sample-server --help')");
    return 2;
}

if (parsed.Action is not null)
{
    return parsed.Invoke(); // --help, --version
}

var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
void Set<T>(Option<T> option, string key, Func<T, string> text)
{
    if (parsed.GetResult(option) is not null)
    {
        overrides[key] = text(parsed.GetValue(option)!);
    }
}

Set(listen, "Sample:Listen", t => t);
Set(transport, "Sample:Udp", t => (t != "tcp").ToString());
Set(transport, "Sample:Tcp", t => (t != "udp").ToString());
Set(scripts, "Sample:ScriptFolder", t => t);
Set(archive, "Sample:ArchiveFolder", t => t);
Set(timeToKill, "Exec:TimeToKill", t => t.ToString("c", CultureInfo.InvariantCulture));
Set(concurrency, "Exec:MaxConcurrency", t => t.ToString(CultureInfo.InvariantCulture));
Set(workers, "Sample:Workers", t => t.ToString(CultureInfo.InvariantCulture));

HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(overrides);
builder.Services.AddOptions<SampleOptions>().Bind(builder.Configuration.GetSection("Sample"), b => b.ErrorOnUnknownConfiguration = true);
builder.Services.AddExec(builder.Configuration);
builder.Services.AddSingleton<SipServer>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<SipServer>());

using IHost host = builder.Build();
SampleOptions sample;
int execConcurrency;
try
{
    sample = host.Services.GetRequiredService<IOptions<SampleOptions>>().Value;
    execConcurrency = host.Services.GetRequiredService<IOptions<ExecOptions>>().Value.MaxConcurrency;
}
catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
{
    Console.Error.WriteLine("exec-sample-server: bad settings: " + e.Message);
    return 2;
}

sample.Workers ??= Math.Min(8, execConcurrency);
string[] problems = sample.Problems(execConcurrency);
if (problems.Length > 0)
{
    Console.Error.WriteLine("exec-sample-server: bad settings: " + string.Join("; ", problems));
    return 2;
}

string scriptFolder = Path.GetFullPath(sample.ScriptFolder.Length > 0 ? sample.ScriptFolder : Path.Combine(AppContext.BaseDirectory, "scripts"));
string archiveFolder = Path.GetFullPath(sample.ArchiveFolder.Length > 0 ? sample.ArchiveFolder : SampleOptions.DefaultArchiveFolder());
if (!File.Exists(Path.Combine(scriptFolder, "lookup.sh")))
{
    Console.Error.WriteLine("exec-sample-server: no lookup.sh in " + scriptFolder);
    return 2;
}

// The scripts reach the commands through their environment, not through the command text. Set before SipExec is
// created (it reads the environment once, when created).
Environment.SetEnvironmentVariable("EXEC_SAMPLE_DIR", scriptFolder);
Environment.SetEnvironmentVariable("EXEC_SAMPLE_ARCHIVE", archiveFolder);
try
{
    await host.StartAsync();
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("exec-sample-server: bad settings: " + string.Join("; ", e.Failures));
    return 2;
}
catch (SocketException e)
{
    Console.Error.WriteLine("exec-sample-server: cannot listen on " + sample.Listen + ": " + e.Message);
    return 1;
}
catch (OperationCanceledException)
{
    return 0; // SIGTERM or Ctrl-C while starting: a normal stop
}

await host.WaitForShutdownAsync();
return 0;

static T? Check<T>(ArgumentResult result, string name, Func<string, T> parse)
{
    string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
    try
    {
        return parse(text);
    }
    catch (FormatException e)
    {
        result.AddError(name + ": " + e.Message);
        return default;
    }
}

static TimeSpan ParseTime(string text)
{
    Match m = Regex.Match(text, @"^(\d+(?:\.\d+)?)(ms|s|m|h)?$", RegexOptions.CultureInvariant);
    double seconds = m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * m.Groups[2].Value switch
    {
        "ms" => 0.001,
        "m" => 60,
        "h" => 3600,
        _ => 1,
    } : -1;
    return seconds is >= 0 and <= 86_400 * 365
        ? TimeSpan.FromSeconds(seconds)
        : throw new FormatException("expected a time such as 2, 2s, 500ms or 1m (0: never), got '" + text + "'");
}

static int ParseCount(string text, int least)
    => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= least
        ? n
        : throw new FormatException("expected a whole number of at least " + least + ", got '" + text + "'");
