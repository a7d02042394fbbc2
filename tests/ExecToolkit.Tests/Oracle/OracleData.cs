using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;

namespace ExecToolkit.Tests.Oracle;

/// <summary>One recorded case of tests/oracle/cases: the datagram and what Kamailio 5.6 did with it.</summary>
public sealed class OracleCase
{
    public required string Name { get; init; }
    public required byte[] Message { get; init; }
    public required JsonElement Expected { get; init; }

    public RequestContext CreateContext()
        => RequestContext.Parse(Message, new IPEndPoint(IPAddress.Loopback, 5071));

    public JsonElement? Probe(string name)
        => Expected.TryGetProperty("probes", out var probes) && probes.TryGetProperty(name, out var p) ? p : null;

    /// <summary>The SIP_* entries of a probe in block order, values as the exact bytes.</summary>
    public IReadOnlyList<(string Name, byte[] Value)> SipEnvironment(string probe)
    {
        var p = Probe(probe) ?? throw new InvalidOperationException(Name + " has no probe " + probe);
        // sip_env_block_b64 holds the exact bytes, NUL-joined, in block order.
        byte[] block = Convert.FromBase64String(p.GetProperty("sip_env_block_b64").GetString()!);
        var result = new List<(string, byte[])>();
        int start = 0;
        for (int i = 0; i <= block.Length; i++)
        {
            if (i == block.Length || block[i] == 0)
            {
                if (i > start)
                {
                    var entry = block.AsSpan(start, i - start);
                    int eq = entry.IndexOf((byte)'=');
                    result.Add((System.Text.Encoding.ASCII.GetString(entry[..eq]), entry[(eq + 1)..].ToArray()));
                }

                start = i + 1;
            }
        }

        return result;
    }

    public override string ToString() => Name;
}

public static class OracleData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>tests/oracle/cases: corpus/*.sip and expected/*.json.</summary>
    public static string Directory => Root.Value;

    /// <summary>tests/oracle/recorder: the Kamailio configuration and probe scripts that recorded the cases.</summary>
    public static string Recorder => Path.GetFullPath(Path.Combine(Root.Value, "..", "recorder"));

    public static IReadOnlyList<OracleCase> Cases { get; } = Load();

    /// <summary>Case names for xunit MemberData.</summary>
    public static IEnumerable<object[]> Names(Func<OracleCase, bool>? filter = null)
        => Cases.Where(c => filter is null || filter(c)).Select(c => new object[] { c.Name });

    public static OracleCase Get(string name) => Cases.Single(c => c.Name == name);

    private static List<OracleCase> Load()
    {
        string corpus = Path.Combine(Directory, "corpus");
        var cases = new List<OracleCase>();
        foreach (string file in System.IO.Directory.GetFiles(corpus, "*.sip").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            cases.Add(Read(name, file));
        }

        // variant-setvars0 is a folder holding the request that ran with modparam("exec","setvars",0).
        foreach (string dir in System.IO.Directory.GetDirectories(corpus))
        {
            foreach (string file in System.IO.Directory.GetFiles(dir, "*.sip"))
            {
                cases.Add(Read(Path.GetFileName(dir), file));
            }
        }

        return cases;
    }

    private static OracleCase Read(string name, string file)
    {
        string json = Path.Combine(Directory, "expected", name + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        return new OracleCase { Name = name, Message = File.ReadAllBytes(file), Expected = doc.RootElement.Clone() };
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExecToolkit.sln")))
            {
                // Recorded from Kamailio by tests/oracle/recorder (see its README); part of the repository.
                return Path.Combine(dir.FullName, "tests", "oracle", "cases");
            }
        }

        throw new DirectoryNotFoundException("ExecToolkit.sln not found above " + AppContext.BaseDirectory);
    }
}
