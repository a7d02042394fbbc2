// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System;
using System.Globalization;

namespace ExecToolkit.Templates;

/// <summary>
/// The name of an AVP: a string name (<c>s:name</c> or a bare <c>name</c>, so <c>$avp(1)</c> is the string "1") or an
/// integer id (<c>i:5</c>). Class and track prefixes (<c>f.</c>, <c>t.</c>, <c>fr.</c>, <c>tu.</c>, ...) are accepted and
/// dropped: ExecToolkit keeps one AVP list per request.
/// </summary>
public readonly struct AvpName : IEquatable<AvpName>
{
    private AvpName(string? name, int id)
    {
        StringName = name;
        Id = id;
    }

    /// <summary>The string name, or null for an integer id.</summary>
    public string? StringName { get; }

    /// <summary>The integer id (meaningful when <see cref="IsInteger"/>).</summary>
    public int Id { get; }

    /// <summary>True for <c>i:N</c> names.</summary>
    public bool IsInteger => StringName is null;

    /// <summary>A string-named AVP.</summary>
    public static AvpName FromString(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        return new AvpName(name, 0);
    }

    /// <summary>An integer-named AVP.</summary>
    public static AvpName FromInteger(int id) => new(null, id);

    /// <summary>
    /// Parses an AVP list as exec_avp's second argument takes it: whole <c>$avp(...)</c> specifications separated by
    /// spaces, tabs, commas, semicolons or line breaks (<c>"$avp(s:plan), $avp(i:3)"</c>).
    /// </summary>
    /// <param name="list">The list.</param>
    /// <returns>The names in order.</returns>
    /// <exception cref="TemplateParseException">An item is not an AVP specification (the exception gives its offset).</exception>
    public static System.Collections.Generic.IReadOnlyList<AvpName> ParseList(string list) => AvpList.Parse(list);

    /// <summary>Parses the inner name of <c>$avp(...)</c>.</summary>
    public static bool TryParse(string text, out AvpName name, out string? problem)
    {
        name = default;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            problem = "empty AVP name";
            return false;
        }

        string rest = StripClassAndTrack(text);
        if (rest.StartsWith("i:", StringComparison.Ordinal))
        {
            string digits = rest.Substring(2);
            if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                problem = "invalid integer AVP name '" + text + "'";
                return false;
            }

            name = FromInteger(id);
            return true;
        }

        if (rest.StartsWith("s:", StringComparison.Ordinal))
        {
            rest = rest.Substring(2);
        }

        if (rest.Length == 0)
        {
            problem = "empty AVP name in '" + text + "'";
            return false;
        }

        if (rest[0] == '/')
        {
            problem = "regular-expression AVP names ('" + text + "') are not supported";
            return false;
        }

        name = FromString(rest);
        return true;
    }

    /// <summary>Kamailio's spelling: <c>s:name</c> or <c>i:N</c>.</summary>
    public override string ToString() => IsInteger ? "i:" + Id.ToString(CultureInfo.InvariantCulture) : "s:" + StringName;

    /// <inheritdoc/>
    public bool Equals(AvpName other) => string.Equals(StringName, other.StringName, StringComparison.Ordinal) && Id == other.Id;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AvpName other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => IsInteger ? Id : StringComparer.Ordinal.GetHashCode(StringName!);

    /// <summary>Equality.</summary>
    public static bool operator ==(AvpName left, AvpName right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(AvpName left, AvpName right) => !left.Equals(right);

    private static string StripClassAndTrack(string text)
    {
        string[] prefixes = { "fr.", "tr.", "fu.", "tu.", "fd.", "td.", "fg.", "tg.", "f.", "t.", "g." };
        foreach (string prefix in prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length)
            {
                return text.Substring(prefix.Length);
            }
        }

        return text;
    }
}
