namespace ExecToolkit;

/// <summary>The exec function a command runs for.</summary>
public enum ExecFunction
{
    /// <summary><c>exec_dset</c>: output lines become the Request-URI and branches.</summary>
    Dset,

    /// <summary><c>exec_msg</c>: the request is written to stdin.</summary>
    Msg,

    /// <summary><c>exec_avp</c>: output lines become AVPs.</summary>
    Avp,

    /// <summary><c>exec_cmd</c>: only the exit status counts.</summary>
    Cmd,
}
