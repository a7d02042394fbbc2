using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ExecToolkit.Tests.Oracle;

/// <summary>One way the runtime differs from the matrix: a request or expression, what differs, and how.</summary>
public sealed record MatrixDifference(string Subject, string What, string Detail)
{
    public string Key => Subject + "\t" + What;
}

/// <summary>
/// tests/oracle/matrix/known-differences.txt: the differences from Kamailio that are still open, one
/// "subject TAB what" line each (what is an expression, or @startup, @routed, @sip_env). docs/divergences.md lists
/// them by class. A test fails on a difference that is not listed and on a listed one that no longer occurs, so the
/// list only shrinks: tests/oracle/matrix/update-known.sh applies the "+"/"-" lines a failure prints.
/// With EXEC_MATRIX_DIR set (a fuzzed corpus, <see cref="MatrixData.OverrideDirectory"/>) the list is empty and each
/// difference prints as "new difference: [subject] what: detail", so tests/oracle/matrix/fuzz.py can group them.
/// </summary>
internal static class KnownDifferences
{
    private static readonly Lazy<HashSet<string>> Listed = new(() =>
        MatrixData.OverrideDirectory is not null
            ? new HashSet<string>(StringComparer.Ordinal)
            : File.ReadLines(Path.Combine(MatrixData.Directory, "known-differences.txt"))
                .Where(l => l.Length > 0 && l[0] != '#')
                .ToHashSet(StringComparer.Ordinal));

    /// <param name="subject">The request or expression the test checked.</param>
    /// <param name="what">The one aspect checked (@startup, @routed, @sip_env), or null for every expression of a request.</param>
    public static void AssertSame(string subject, string? what, IReadOnlyList<MatrixDifference> differences)
    {
        string prefix = subject + "\t";
        HashSet<string> listed = Listed.Value
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && (what is null ? k[prefix.Length] != '@' : k[prefix.Length..] == what))
            .ToHashSet(StringComparer.Ordinal);
        List<MatrixDifference> added = differences.Where(d => !listed.Contains(d.Key)).ToList();
        List<string> fixedOnes = listed.Except(differences.Select(d => d.Key)).Order(StringComparer.Ordinal).ToList();
        if (added.Count == 0 && fixedOnes.Count == 0)
        {
            return;
        }

        var message = new List<string>();
        message.AddRange(added.Select(d => MatrixData.OverrideDirectory is null
            ? "new difference: " + d.What + ": " + d.Detail
            : "new difference: [" + d.Subject + "] " + d.What + ": " + d.Detail));
        message.AddRange(fixedOnes.Select(k => "no longer differs (remove it from known-differences.txt): " + k));
        message.AddRange(added.Select(d => "+\t" + d.Key));
        message.AddRange(fixedOnes.Select(k => "-\t" + k));
        Assert.Fail(string.Join("\n", message));
    }
}
