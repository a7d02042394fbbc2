using System;
using System.Collections.Generic;
using System.Text;
using ExecToolkit.Sip;

namespace ExecToolkit.SampleServer;

/// <summary>Stateless replies as RFC 3261 §8.2.6 builds them: Via, From, To (with a tag), Call-ID and CSeq copied.</summary>
public static class SipReply
{
    /// <summary>The reply bytes.</summary>
    public static byte[] Create(SipRequest request, int status, string reason, IEnumerable<string>? extraHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sb = new StringBuilder();
        sb.Append("SIP/2.0 ").Append(status).Append(' ').Append(reason).Append("\r\n");
        foreach (SipHeader via in request.GetHeaders(HeaderType.Via))
        {
            sb.Append("Via: ").Append(via.Value).Append("\r\n");
        }

        sb.Append("From: ").Append(request.GetHeader(HeaderType.From)?.Value).Append("\r\n");
        string to = request.GetHeader(HeaderType.To)?.Value ?? "";
        if (request.To?.Tag is null && status > 100)
        {
            // The same request always gets the same tag: retransmissions of a stateless reply must match.
            to += ";tag=" + Tag(request);
        }

        sb.Append("To: ").Append(to).Append("\r\n");
        sb.Append("Call-ID: ").Append(request.GetHeader(HeaderType.CallId)?.Value).Append("\r\n");
        sb.Append("CSeq: ").Append(request.GetHeader(HeaderType.CSeq)?.Value).Append("\r\n");
        foreach (string header in extraHeaders ?? [])
        {
            sb.Append(header).Append("\r\n");
        }

        sb.Append("Server: ExecToolkit sample\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return SipText.Encode(sb.ToString());
    }

    private static string Tag(SipRequest request)
    {
        string key = (request.CallId ?? "") + "|" + (request.From?.Tag ?? "") + "|" + (request.CSeq?.Number ?? "");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 6));
    }
}
