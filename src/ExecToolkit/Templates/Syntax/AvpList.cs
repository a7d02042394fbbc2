// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>
/// The AVP list of <c>exec_avp(cmd, avplist)</c>, as Kamailio's <c>parse_pvname_list(.., PVT_AVP)</c> reads it: items
/// separated by any run of space, tab, <c>,</c>, <c>;</c> or newline, each a whole <c>$avp(...)</c> specification
/// (an index or transformation is accepted and ignored).
/// </summary>
internal static class AvpList
{
    /// <summary>Parses the list. Throws <see cref="TemplateParseException"/> with the offending item's offset.</summary>
    public static IReadOnlyList<AvpName> Parse(string list)
    {
        if (list is null)
        {
            throw new System.ArgumentNullException(nameof(list));
        }

        var names = new List<AvpName>();
        int i = 0;
        while (true)
        {
            while (i < list.Length && IsSeparator(list[i]))
            {
                i++;
            }

            if (i >= list.Length)
            {
                break;
            }

            if (list[i] != '$')
            {
                int end = i;
                while (end < list.Length && !IsSeparator(list[end]))
                {
                    end++;
                }

                throw new TemplateParseException("AVP list item '" + list.Substring(i, end - i) + "' is not an $avp(...) pseudo-variable", i, end - i);
            }

            TemplateToken token = TemplateParser.ParseDollar(list, i);
            PseudoVariableSpec? spec = token.Variable;
            if (spec is null || spec.Info.CanonicalName != "avp")
            {
                throw new TemplateParseException("wrong type for AVP list item '" + token.Source + "' (only $avp(...) is allowed)", i, token.Length);
            }

            int after = i + token.Length;
            if (after < list.Length && !IsSeparator(list[after]))
            {
                throw new TemplateParseException("expected a separator (space, tab, ',', ';' or newline) after '" + token.Source + "'", after, 1);
            }

            if (!AvpName.TryParse(spec.InnerName!, out AvpName name, out string? problem))
            {
                throw new TemplateParseException(problem!, i, token.Length);
            }

            names.Add(name);
            i = after;
        }

        if (names.Count == 0)
        {
            throw new TemplateParseException("empty AVP list", 0, list.Length);
        }

        return names;
    }

    /// <summary>The separators Kamailio accepts between items.</summary>
    public static bool IsSeparator(char c) => c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\n';
}
