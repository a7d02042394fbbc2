using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace ExecToolkit;

/// <summary>
/// Which <c>SIP_*</c> variables reach the command's environment. Kamailio exports every header; credentials
/// (<c>Authorization</c>, <c>Proxy-Authorization</c>) are the obvious ones to drop or redact, and a command that reads
/// only a few variables can be given only those (<see cref="OnlyVariables"/>). The inherited environment is never
/// filtered.
/// </summary>
public sealed class EnvironmentPolicy
{
    /// <summary>The value a redacted header gets.</summary>
    public const string RedactedValue = "[redacted]";

    private EnvironmentPolicy(ImmutableHashSet<string> drop, ImmutableHashSet<string> redact, ImmutableHashSet<string>? exported)
    {
        Dropped = drop;
        Redacted = redact;
        Exported = exported;
    }

    /// <summary>Kamailio's behaviour: every header, unchanged.</summary>
    public static EnvironmentPolicy Kamailio { get; } = new(ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase), ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase), null);

    /// <summary>Every header, with <c>Authorization</c> and <c>Proxy-Authorization</c> redacted.</summary>
    public static EnvironmentPolicy RedactCredentials { get; } = Kamailio.Redact("Authorization", "Proxy-Authorization");

    /// <summary>Header names (full names as written, compared case-insensitively) left out.</summary>
    public ImmutableHashSet<string> Dropped { get; }

    /// <summary>Header names whose values become <see cref="RedactedValue"/>.</summary>
    public ImmutableHashSet<string> Redacted { get; }

    /// <summary>The <c>SIP_*</c> variable names exported (case-sensitive, as the shell reads them), or null for all.</summary>
    public ImmutableHashSet<string>? Exported { get; }

    /// <summary>Whether the policy changes nothing.</summary>
    public bool IsKamailio => Dropped.IsEmpty && Redacted.IsEmpty && Exported is null;

    /// <summary>A policy that also drops these headers.</summary>
    public EnvironmentPolicy Drop(params string[] headerNames) => new(Dropped.Union(Check(headerNames)), Redacted, Exported);

    /// <summary>A policy that also redacts these headers.</summary>
    public EnvironmentPolicy Redact(params string[] headerNames) => new(Dropped, Redacted.Union(Check(headerNames)), Exported);

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
        return new(Dropped, Redacted, Exported is null ? names : Exported.Intersect(names));
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
