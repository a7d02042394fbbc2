namespace ExecToolkit.Sip;

/// <summary>How <see cref="SipRequest.Parse(System.ReadOnlyMemory{byte}, SipParseMode)"/> treats a bad header.</summary>
public enum SipParseMode
{
    /// <summary>Any error throws <see cref="SipParseException"/>.</summary>
    Strict,

    /// <summary>
    /// Only a bad request line throws. A bad header stops parsing there: the headers before it are kept and the error
    /// is in <see cref="SipRequest.HeaderError"/>, as Kamailio routes a request whose later headers do not parse.
    /// The exec functions then return -1 without running the command (the environment cannot be built).
    /// </summary>
    Lenient,
}
