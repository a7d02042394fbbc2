using System;
using System.Collections.Generic;

namespace ExecToolkit;

/// <summary>
/// Script variables (<c>$var(name)</c>). In Kamailio they belong to the worker process and start as the integer 0, so a
/// variable that was never set prints <c>0</c>. Here they belong to the request context unless a store is shared.
/// </summary>
public sealed class VarStore
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    /// <summary>The value, or <c>"0"</c> when never set.</summary>
    public string this[string name]
    {
        get => values.TryGetValue(name, out string? value) ? value : "0";
        set => values[name] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Whether the variable was set.</summary>
    public bool Contains(string name) => values.ContainsKey(name);
}
