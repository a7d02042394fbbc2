namespace ExecToolkit.SampleServer;

/// <summary>The sample server's settings (section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>UDP address and port to listen on.</summary>
    public string Listen { get; set; } = "127.0.0.1:5060";

    /// <summary>Folder of lookup.sh, archive.sh, expires.sh and directory.txt; the bundled <c>scripts</c> folder when empty.</summary>
    public string ScriptFolder { get; set; } = "";

    /// <summary>Where archive.sh stores MESSAGE requests; <c>archive</c> under the current folder when empty.</summary>
    public string ArchiveFolder { get; set; } = "";

    /// <summary>
    /// Worker threads that each receive, route and reply, running their commands on themselves, as Kamailio's children
    /// do (at most <c>Exec:MaxConcurrency</c>); 0 receives asynchronously, runs commands on ExecToolkit's shell
    /// threads and answers 503 when the exec queue is full.
    /// </summary>
    public int Workers { get; set; } = 8;
}
