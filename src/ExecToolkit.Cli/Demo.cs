using System.IO;
using System.Net;
using System.Text;
using ExecToolkit.Sip;

namespace ExecToolkit.Cli;

/// <summary>
/// <c>exectool demo</c>: the embedded default job. Takes a built-in INVITE whose headers carry shell metacharacters,
/// prints the <c>SIP_*</c> environment exec would export, and expands one template in both modes, so the difference
/// between Kamailio's verbatim pasting and ShellSafe expansion is visible at once.
/// </summary>
internal static class Demo
{
    public const string Template = "lookup.sh '$fU' $rU $hdr(X-Account) \"$ua\" $$SIP_HF_CALLID";

    public static readonly string Message =
        "INVITE sip:bob'$(reboot)'@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-demo-1\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Mallory\" <sip:o'neil@example.org>;tag=demo-from\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "Call-ID: demo-1@192.0.2.10\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:mallory@192.0.2.10:5060>\r\n" +
        "User-Agent: demo \"$(id)\" `uname`\r\n" +
        "X-Account: acme; touch /tmp/pwned\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public static int Run(Stream stdout)
    {
        var context = RequestContext.Parse(Encoding.UTF8.GetBytes(Message), new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060));
        CommandTemplate template = CommandTemplate.Parse(Template);
        var text = new StringBuilder();
        text.Append("# request\n").Append(Message.Replace("\r\n", "\n", System.StringComparison.Ordinal));
        text.Append("# environment (exectool env)\n").Append(SipEnvironment.Format(SipEnvironment.Build(context)));
        text.Append("\n# template\n").Append(Template).Append('\n');
        text.Append("\n# verbatim expansion (what Kamailio runs)\n").Append(template.Expand(context, ExpansionMode.Verbatim)).Append('\n');
        text.Append("\n# shell-safe expansion (ExecToolkit's default)\n").Append(template.Expand(context)).Append('\n');
        stdout.Write(SipText.Encode(text.ToString()));
        return 0;
    }
}
