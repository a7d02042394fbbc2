using System;
using System.Collections.Generic;
using ExecToolkit.Templates;

namespace ExecToolkit;

/// <summary>
/// The AVPs of one request. As in Kamailio, adding a value never replaces one: the new value is stacked on top
/// (index 0 is the newest), and every value is a string.
/// </summary>
public sealed class AvpStore
{
    private readonly Dictionary<AvpName, List<string>> values = new();
    private readonly List<AvpName> order = new();

    /// <summary>Stacks a value on top of the AVP's values.</summary>
    public void Add(AvpName name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!values.TryGetValue(name, out List<string>? list))
        {
            list = new List<string>();
            values.Add(name, list);
            order.Add(name);
        }

        list.Insert(0, value);
    }

    /// <summary>
    /// Stacks a value on top of an AVP named as users write it: <c>plan</c> or <c>s:plan</c> (string name), <c>i:3</c>
    /// (integer name), or the whole <c>$avp(s:plan)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not an AVP name (empty, <c>i:</c> without a number, a regex name).</exception>
    public void Add(string name, string value) => Add(ParseName(name), value);

    /// <summary>The newest value of an AVP named as in <see cref="Add(string, string)"/>, or null.</summary>
    public string? Get(string name) => Get(ParseName(name));

    private static AvpName ParseName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string inner = name.StartsWith("$avp(", StringComparison.Ordinal) && name.EndsWith(')') ? name[5..^1] : name;
        return AvpName.TryParse(inner, out AvpName parsed, out string? problem)
            ? parsed
            : throw new ArgumentException("'" + name + "' is not an AVP name: " + problem, nameof(name));
    }

    /// <summary>The newest value, or null when the AVP has none.</summary>
    public string? Get(AvpName name) => values.TryGetValue(name, out List<string>? list) && list.Count > 0 ? list[0] : null;

    /// <summary>Every value, newest first.</summary>
    public IReadOnlyList<string> GetAll(AvpName name) => values.TryGetValue(name, out List<string>? list) ? list : Array.Empty<string>();

    /// <summary>Removes every value of the AVP.</summary>
    public bool Remove(AvpName name)
    {
        order.Remove(name);
        return values.Remove(name);
    }

    /// <summary>The names that have values, in the order they were first added.</summary>
    public IReadOnlyList<AvpName> Names => order;

    /// <summary>Every value as (name, index, value), names in first-added order, index 0 the newest.</summary>
    public IEnumerable<(AvpName Name, int Index, string Value)> Entries
    {
        get
        {
            foreach (AvpName name in order)
            {
                List<string> list = values[name];
                for (int i = 0; i < list.Count; i++)
                {
                    yield return (name, i, list[i]);
                }
            }
        }
    }
}
