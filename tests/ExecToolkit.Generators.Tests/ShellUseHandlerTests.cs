using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ExecToolkit.Sip;

namespace ExecToolkit.Generators.Tests.Samples
{
    // Compiled by the real generator: the attribute's ShellUse reaches the call, and without it the executor decides.
    public static partial class ShellUseHandlers
    {
        [ExecAvp("/usr/bin/printf '%s\\n' '$rU' \"$hdr(X-A)\"", ShellUse = ShellUse.WhenNeeded)]
        public static partial ValueTask<AvpResult> DirectAsync(SipExec exec, RequestContext request);

        [ExecAvp("/usr/bin/printf '%s\\n' '$rU' \"$hdr(X-A)\"", ShellUse = ShellUse.Always)]
        public static partial ValueTask<AvpResult> ShellAsync(SipExec exec, RequestContext request);

        [ExecAvp("/usr/bin/printf '%s\\n' '$rU' \"$hdr(X-A)\"")]
        public static partial ValueTask<AvpResult> ExecutorsAsync(SipExec exec, RequestContext request);
    }
}

namespace ExecToolkit.Generators.Tests
{
    using ExecToolkit.Generators.Tests.Samples;

    public sealed class ShellUseHandlerTests
    {
        private static RequestContext Request() => RequestContext.Parse(Encoding.ASCII.GetBytes(
            "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
            "To: <sip:bob@example.com>\r\nCall-ID: su-1\r\nCSeq: 1 INVITE\r\nX-A: $(id) a'b\r\nContent-Length: 0\r\n\r\n"), SipParseMode.Lenient);

        [Fact]
        public async Task The_attribute_decides_when_given_and_the_executor_otherwise()
        {
            using var always = new SipExec();
            using var whenNeeded = new SipExec(new ExecOptions { ShellUse = ShellUse.WhenNeeded });

            AvpResult direct = await ShellUseHandlers.DirectAsync(always, Request());
            Assert.Equal(["/usr/bin/printf", "%s\\n", "bob", "$(id) a'b"], direct.Arguments);
            Assert.Equal(["bob", "$(id) a'b"], direct.Assignments.Select(a => a.Value));

            AvpResult shell = await ShellUseHandlers.ShellAsync(whenNeeded, Request());
            Assert.Null(shell.Arguments);
            Assert.Equal(direct.Assignments, shell.Assignments);

            Assert.Null((await ShellUseHandlers.ExecutorsAsync(always, Request())).Arguments);
            Assert.NotNull((await ShellUseHandlers.ExecutorsAsync(whenNeeded, Request())).Arguments);
        }
    }
}
