using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit.SampleServer;

/// <summary>
/// The exec handlers, declared once: the source generator writes them, and the analyzers check the templates at build
/// time. The scripts' folder reaches the shell through the environment (<c>EXEC_SAMPLE_DIR</c>,
/// <c>EXEC_SAMPLE_ARCHIVE</c>), never through the command text.
/// </summary>
public static partial class Routing
{
    /// <summary>exec_dset: the contacts of the R-URI user from the bundled directory.</summary>
    [ExecDset("\"$$EXEC_SAMPLE_DIR/lookup.sh\" \"$$EXEC_SAMPLE_DIR/directory.txt\" '$rU'")]
    public static partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken);

    /// <summary>exec_msg: the MESSAGE, byte for byte, into the archive folder.</summary>
    [ExecMsg("\"$$EXEC_SAMPLE_DIR/archive.sh\" \"$$EXEC_SAMPLE_ARCHIVE\"")]
    public static partial ValueTask<ExecResult> ArchiveAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken);

    /// <summary>exec_avp: the expiry to grant, from the requested one.</summary>
    [ExecAvp("\"$$EXEC_SAMPLE_DIR/expires.sh\" '$hdr(Expires)'", "$avp(s:expires)")]
    public static partial ValueTask<AvpResult> ExpiresAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken);
}
