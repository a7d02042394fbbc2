using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace ExecToolkit;

/// <summary>
/// Which headers reach the command's environment. Kamailio exports every header; credentials
/// (<c>Authorization</c>, <c>Proxy-Authorization</c>) are the obvious ones to drop or redact.
/// </summary>
public sealed class EnvironmentPolicy
{
    /// <summary>The value a redacted header gets.</summary>
    public const string RedactedValue = "[redacted]";

    private EnvironmentPolicy(ImmutableHashSet<string> drop, ImmutableHashSet<string> redact)
    {
        Dropped = drop;
        Redacted = redact;
    }

    /// <summary>Kamailio's behaviour: every header, unchanged.</summary>
    public static EnvironmentPolicy Kamailio { get; } = new(ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase), ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Every header, with <c>Authorization</c> and <c>Proxy-Authorization</c> redacted.</summary>
    public static EnvironmentPolicy RedactCredentials { get; } = Kamailio.Redact("Authorization", "Proxy-Authorization");

    /// <summary>Header names (full names as written, compared case-insensitively) left out.</summary>
    public ImmutableHashSet<string> Dropped { get; }

    /// <summary>Header names whose values become <see cref="RedactedValue"/>.</summary>
    public ImmutableHashSet<string> Redacted { get; }

    /// <summary>Whether the policy changes nothing.</summary>
    public bool IsKamailio => Dropped.IsEmpty && Redacted.IsEmpty;

    /// <summary>A policy that also drops these headers.</summary>
    public EnvironmentPolicy Drop(params string[] headerNames) => new(Dropped.Union(Check(headerNames)), Redacted);

    /// <summary>A policy that also redacts these headers.</summary>
    public EnvironmentPolicy Redact(params string[] headerNames) => new(Dropped, Redacted.Union(Check(headerNames)));

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
