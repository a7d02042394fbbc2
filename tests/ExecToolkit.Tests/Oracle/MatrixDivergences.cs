using System;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Tests.Oracle;

/// <summary>
/// The divergences from Kamailio that docs/divergences.md lists and that show in the matrix's SIP_* blocks, as rules:
/// each says which recorded entry it replaces and with what. Open differences are listed in known-differences.txt.
/// </summary>
internal static class MatrixDivergences
{
    /// <summary>Replaces the recorded SIP_* entries that the runtime writes differently on purpose.</summary>
    public static void AdjustEnvironment(MatrixRequest request, List<string> expected)
    {
        // docs/divergences.md, "empty ;tag= in To": Kamailio's SIP_DID is the rest of the datagram after "tag=".
        RequestContext context = request.CreateContext();
        if (context.Request.To?.Tag is { Length: 0 })
        {
            int i = expected.FindIndex(e => Readable(e).StartsWith("SIP_DID=", StringComparison.Ordinal));
            expected[i] = Convert.ToHexString(Encoding.ASCII.GetBytes("SIP_DID="));
        }
    }

    private static string Readable(string hex) => ExecToolkit.Sip.SipText.Decode(Convert.FromHexString(hex));
}
