using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace ExecToolkit;

/// <summary>
/// Which <c>SIP_*</c> variables reach the command's environment. Kamailio exports every header; credentials
/// (<c>Authorization</c>, <c>Proxy-Authorization</c>) are the obvious ones to drop or redact, and a command that reads
/// only a few variables can be given only those (<see cref="OnlyVariables"/>), and variables too long for
/// <c>execve</c> can be left out (<see cref="LeaveOutValuesOver"/>). The inherited environment is never filtered.
/// </summary>
public sealed class EnvironmentPolicy
{
    /// <summary>The value a redacted header gets.</summary>
    public const string RedactedValue = "[redacted]";

    /// <summary>
    /// The longest value Linux passes in one environment string, <c>NAME=</c> and the NUL excluded, is a little under
    /// 131,072 bytes (<c>MAX_ARG_STRLEN</c>): a value over this limit makes the command fail to start (E2BIG) whatever
    /// its name.
    /// </summary>
    public const int LinuxValueLimit = 131_000;

    private EnvironmentPolicy(ImmutableHashSet<string> drop, ImmutableHashSet<string> redact, ImmutableHashSet<string>? exported, int? maxValueBytes)
    {
        Dropped = drop;
        Redacted = redact;
        Exported = exported;
        MaxValueBytes = maxValueBytes;
    }

    /// <summary>Kamailio's behaviour: every header, unchanged.</summary>
    public static EnvironmentPolicy Kamailio { get; } = new(ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase), ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase), null, null);

    /// <summary>Every header, with <c>Authorization</c> and <c>Proxy-Authorization</c> redacted.</summary>
    public static EnvironmentPolicy RedactCredentials { get; } = Kamailio.Redact("Authorization", "Proxy-Authorization");

    /// <summary>Header names (full names as written, compared case-insensitively) left out.</summary>
    public ImmutableHashSet<string> Dropped { get; }

    /// <summary>Header names whose values become <see cref="RedactedValue"/>.</summary>
    public ImmutableHashSet<string> Redacted { get; }

    /// <summary>The <c>SIP_*</c> variable names exported (case-sensitive, as the shell reads them), or null for all.</summary>
    public ImmutableHashSet<string>? Exported { get; }

    /// <summary>
    /// The longest value, in bytes as the command receives it, a <c>SIP_*</c> variable may have; a longer one is left out
    /// of the environment (the command runs without it). Null: no limit, as Kamailio, where a value over Linux's limit
    /// makes the command fail to start.
    /// </summary>
    public int? MaxValueBytes { get; }

    /// <summary>Whether the policy changes nothing.</summary>
    public bool IsKamailio => Dropped.IsEmpty && Redacted.IsEmpty && Exported is null && MaxValueBytes is null;

    /// <summary>A policy that also drops these headers.</summary>
    public EnvironmentPolicy Drop(params string[] headerNames) => new(Dropped.Union(Check(headerNames)), Redacted, Exported, MaxValueBytes);

    /// <summary>A policy that also redacts these headers.</summary>
    public EnvironmentPolicy Redact(params string[] headerNames) => new(Dropped, Redacted.Union(Check(headerNames)), Exported, MaxValueBytes);

    /// <summary>
    /// A policy that leaves out every <c>SIP_*</c> variable whose value is longer than <paramref name="bytes"/> (after a
    /// redaction, and as the command would receive it: joined header values, <c>bash_safety</c> applied), so one oversized
    /// header cannot stop the command from starting. <see cref="LinuxValueLimit"/> keeps out exactly the values Linux
    /// would refuse. The lower of two limits holds when called twice.
    /// </summary>
    /// <param name="bytes">The longest value kept, at least 0.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public EnvironmentPolicy LeaveOutValuesOver(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new(Dropped, Redacted, Exported, MaxValueBytes is int current ? Math.Min(current, bytes) : bytes);
    }

    /// <summary>Whether a value of this many bytes is kept.</summary>
    /// <param name="valueBytes">The value's length in bytes.</param>
    /// <returns>False when <see cref="MaxValueBytes"/> is set and exceeded.</returns>
    public bool Admits(int valueBytes) => MaxValueBytes is not int max || valueBytes <= max;

    /// <summary>
    /// A policy that exports only these <c>SIP_*</c> variables (<c>SIP_USER</c>, <c>SIP_HF_CALLID</c>, ...), fewer again
    /// when called twice: what the source generator uses for <c>EnvironmentScope.Referenced</c>. Dropping and redacting
    /// still apply to what is left.
    /// </summary>
    /// <param name="variableNames">Variable names, each starting with <c>SIP_</c>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">A name does not start with <c>SIP_</c> or holds a character other than <c>[A-Za-z0-9_]</c>.</exception>
    public EnvironmentPolicy OnlyVariables(params string[] variableNames)
    {
        ArgumentNullException.ThrowIfNull(variableNames);
        foreach (string name in variableNames)
        {
            if (name is null || !name.StartsWith("SIP_", StringComparison.Ordinal) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException("'" + name + "' is not a SIP_* variable name", nameof(variableNames));
            }
        }

        ImmutableHashSet<string> names = ImmutableHashSet.Create(StringComparer.Ordinal, variableNames);
        return new(Dropped, Redacted, Exported is null ? names : Exported.Intersect(names), MaxValueBytes);
    }

    /// <summary>Whether the variable is exported (before dropping and redacting by header name).</summary>
    /// <param name="variableName">A <c>SIP_*</c> name.</param>
    /// <returns>True when exported.</returns>
    public bool IsExported(string variableName) => Exported is null || Exported.Contains(variableName);

    /// <summary>Dropped or redacted, by header name.</summary>
    public bool IsDropped(string headerName) => Dropped.Contains(headerName);

    /// <summary>Whether the header's value is redacted.</summary>
    public bool IsRedacted(string headerName) => Redacted.Contains(headerName);

    /// <summary>Builds a policy from configuration-style lists.</summary>
    public static EnvironmentPolicy Create(IEnumerable<string>? drop, IEnumerable<string>? redact)
        => Kamailio.Drop([.. drop ?? []]).Redact([.. redact ?? []]);

    private static IEnumerable<string> Check(string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (string name in names)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(names));
        }

        return names.Select(n => n.Trim());
    }
}
