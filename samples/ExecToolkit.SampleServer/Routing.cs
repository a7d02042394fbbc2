using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit.SampleServer;

/// <summary>
/// The exec handlers: constant templates, so the analyzers check them at build time. The scripts' folder reaches the
/// shell through the environment (<c>EXEC_SAMPLE_DIR</c>, <c>EXEC_SAMPLE_ARCHIVE</c>), never through the command text.
/// </summary>
public sealed class Routing(SipExec exec)
{
    /// <summary>exec_dset: the contacts of the R-URI user from the bundled directory.</summary>
    public ValueTask<DsetResult> LookupAsync(RequestContext request, CancellationToken cancellationToken)
        => exec.ExecDsetAsync(request, "\"$$EXEC_SAMPLE_DIR/lookup.sh\" \"$$EXEC_SAMPLE_DIR/directory.txt\" $rU", cancellationToken: cancellationToken);

    /// <summary>exec_msg: the MESSAGE, byte for byte, into the archive folder.</summary>
    public ValueTask<ExecResult> ArchiveAsync(RequestContext request, CancellationToken cancellationToken)
        => exec.ExecMsgAsync(request, "\"$$EXEC_SAMPLE_DIR/archive.sh\" \"$$EXEC_SAMPLE_ARCHIVE\"", cancellationToken: cancellationToken);

    /// <summary>exec_avp: the expiry to grant, from the requested one.</summary>
    public ValueTask<AvpResult> ExpiresAsync(RequestContext request, CancellationToken cancellationToken)
        => exec.ExecAvpAsync(request, "\"$$EXEC_SAMPLE_DIR/expires.sh\" '$hdr(Expires)'", "$avp(s:expires)", cancellationToken: cancellationToken);
}
