using System;
using System.Globalization;

namespace ExecToolkit;

/// <summary>An additional branch of the destination set, as <c>append_branch</c> stores it.</summary>
/// <param name="Uri">The branch URI, not validated (exec_dset accepts any line).</param>
/// <param name="DestinationUri">The branch's destination URI, or null.</param>
/// <param name="Q">The q value in thousandths (0..1000), or null when unspecified.</param>
public sealed record Branch(string Uri, string? DestinationUri = null, int? Q = null)
{
    /// <summary>The branch as Kamailio prints it in a destination set: <c>&lt;uri&gt;</c>, then <c>;q=0.5</c> when q is set.</summary>
    public string ToContactElement() => FormatContact(Uri, Q);

    internal static string FormatContact(string uri, int? q)
    {
        if (q is not int value)
        {
            return "<" + uri + ">";
        }

        string text = (value / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
        return "<" + uri + ">;q=" + text;
    }
}
