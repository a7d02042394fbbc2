using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;

namespace ExecToolkit.Generators.Tests;

/// <summary>The recorded oracle requests of tests/oracle/cases/corpus, found from the folder holding ExecToolkit.sln.</summary>
public static class TestData
{
    private static readonly Lazy<string> RepoRoot = new(FindRoot);

    public static string Root => RepoRoot.Value;

    public static string OracleCorpus => Path.Combine(Root, "tests", "oracle", "cases", "corpus");

    public static IReadOnlyList<(string Name, byte[] Message)> Requests { get; } = Load();

    public static IEnumerable<object[]> RequestNames => Requests.Select(r => new object[] { r.Name });

    public static RequestContext Context(string name)
    {
        var request = RequestContext.Parse(Requests.Single(r => r.Name == name).Message, new IPEndPoint(IPAddress.Loopback, 5071));
        return request;
    }

    private static List<(string, byte[])> Load()
    {
        string corpus = OracleCorpus;
        if (!Directory.Exists(corpus))
        {
            throw new DirectoryNotFoundException("the recorded oracle corpus is expected at " + corpus);
        }

        return Directory.GetFiles(corpus, "*.sip", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(corpus, f), File.ReadAllBytes(f)))
            .ToList();
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

        throw new DirectoryNotFoundException("ExecToolkit.sln not found above " + AppContext.BaseDirectory);
    }
}
