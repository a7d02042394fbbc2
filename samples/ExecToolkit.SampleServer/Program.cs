using System;
using System.Collections.Generic;
using System.IO;
using ExecToolkit;
using ExecToolkit.SampleServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// exec-sample-server [--listen IP:PORT] [--scripts FOLDER] [--archive FOLDER] [--time-to-kill 00:00:02] [--concurrency N]
//                    [--workers N]
var switches = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--listen"] = "Sample:Listen",
    ["--scripts"] = "Sample:ScriptFolder",
    ["--archive"] = "Sample:ArchiveFolder",
    ["--time-to-kill"] = "Exec:TimeToKill",
    ["--concurrency"] = "Exec:MaxConcurrency",
    ["--workers"] = "Sample:Workers",
};
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, switches);
builder.Services.AddOptions<SampleOptions>().Bind(builder.Configuration.GetSection("Sample"));
builder.Services.AddExec(builder.Configuration.GetSection(ExecOptions.SectionName));
builder.Services.AddSingleton<SipServer>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<SipServer>());

using IHost host = builder.Build();
SampleOptions sample = host.Services.GetRequiredService<IOptions<SampleOptions>>().Value;
string scripts = Path.GetFullPath(sample.ScriptFolder.Length > 0 ? sample.ScriptFolder : Path.Combine(AppContext.BaseDirectory, "scripts"));
string archive = Path.GetFullPath(sample.ArchiveFolder.Length > 0 ? sample.ArchiveFolder : "archive");
if (!File.Exists(Path.Combine(scripts, "lookup.sh")))
{
    Console.Error.WriteLine("exec-sample-server: no lookup.sh in " + scripts);
    return 2;
}

// Not SipExec itself: it reads the environment when created, and EXEC_SAMPLE_DIR is not set yet.
int concurrency = host.Services.GetRequiredService<IOptions<ExecOptions>>().Value.MaxConcurrency;
if (sample.Workers < 0 || sample.Workers > concurrency)
{
    Console.Error.WriteLine($"exec-sample-server: --workers must be between 0 and the exec concurrency ({concurrency}), not {sample.Workers}");
    return 2;
}

// The scripts reach the commands through their environment, not through the command text.
Environment.SetEnvironmentVariable("EXEC_SAMPLE_DIR", scripts);
Environment.SetEnvironmentVariable("EXEC_SAMPLE_ARCHIVE", archive);
await host.RunAsync();
return 0;
