using System;

namespace ExecToolkit;

/// <summary>What happens to the command's standard error.</summary>
public enum StderrHandling
{
    /// <summary>The server's own stderr, as in Kamailio.</summary>
    Inherit,

    /// <summary>Captured (up to <see cref="ExecOptions.MaxStderrBytes"/>) into the result.</summary>
    Capture,

    /// <summary><c>/dev/null</c>.</summary>
    Discard,
}

/// <summary>
/// Settings of the exec functions. The defaults are Kamailio's where Kamailio has one (<c>setvars=1</c>,
/// <c>time_to_kill=0</c>, <c>max_branches=12</c>), and bounded where Kamailio is unbounded.
/// </summary>
public sealed class ExecOptions
{
    /// <summary>
    /// The section <c>services.AddExec(configuration)</c> binds when given the application's configuration
    /// (<c>builder.Configuration</c>); given a section, it binds that section.
    /// </summary>
    public const string SectionName = "Exec";

    /// <summary>Export the <c>SIP_*</c> environment to exec_dset, exec_msg and exec_avp (Kamailio's <c>setvars</c>, default on).</summary>
    public bool SetVars { get; set; } = true;

    /// <summary>Kill the command's process group after this long; zero means no limit (Kamailio's default, where the parameter does nothing at all).</summary>
    public TimeSpan TimeToKill { get; set; } = TimeSpan.Zero;

    /// <summary>Time between SIGTERM and SIGKILL when a command is killed.</summary>
    public TimeSpan KillGrace { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to keep reading output after the shell exited while a descendant still holds stdout open.</summary>
    public TimeSpan OutputDrain { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Kamailio's <c>max_branches</c> (default 12): exec_dset adds at most <c>MaxBranches - 1</c> branches.</summary>
    public int MaxBranches { get; set; } = 12;

    /// <summary>Most stdout bytes read from one command; reading stops there and the result says truncated.</summary>
    public long MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>Most non-empty output lines read from one command.</summary>
    public int MaxOutputLines { get; set; } = 10_000;

    /// <summary>Most stderr bytes kept when <see cref="Stderr"/> is <see cref="StderrHandling.Capture"/>.</summary>
    public int MaxStderrBytes { get; set; } = 64 * 1024;

    /// <summary>Commands running at once; more wait in the queue.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(4, System.Environment.ProcessorCount * 4);

    /// <summary>Calls that may wait for a free slot; past that a call fails at once with <see cref="ExecFailure.Rejected"/>.</summary>
    public int QueueLimit { get; set; } = 1024;

    /// <summary>The shell that runs <c>-c &lt;command&gt;</c>.</summary>
    public string Shell { get; set; } = "/bin/sh";

    /// <summary>How pseudo-variable values enter the command string (default <see cref="ExpansionMode.ShellSafe"/>).</summary>
    public ExpansionMode ExpansionMode { get; set; } = ExpansionMode.ShellSafe;

    /// <summary>Whether commands always start through the shell (Kamailio's way, the default) or only when the template needs one.</summary>
    public ShellUse ShellUse { get; set; } = ShellUse.Always;

    /// <summary>What happens to stderr.</summary>
    public StderrHandling Stderr { get; set; } = StderrHandling.Inherit;

    /// <summary>Which headers reach the environment and how (default: all, as Kamailio).</summary>
    public EnvironmentPolicy EnvironmentPolicy { get; set; } = EnvironmentPolicy.Kamailio;

    /// <summary>Headers left out of the environment, added to <see cref="EnvironmentPolicy"/> (configuration-friendly).</summary>
    public System.Collections.Generic.IList<string> DropHeaders { get; } = new System.Collections.Generic.List<string>();

    /// <summary>Headers whose values are redacted in the environment and the logs, added to <see cref="EnvironmentPolicy"/>.</summary>
    public System.Collections.Generic.IList<string> RedactHeaders { get; } = new System.Collections.Generic.List<string>();

    /// <summary>
    /// <c>SIP_*</c> variables with a longer value (in bytes) are left out of the environment, added to
    /// <see cref="EnvironmentPolicy"/> (see <see cref="EnvironmentPolicy.LeaveOutValuesOver"/>). Null (the default): no
    /// limit, as Kamailio, where a value over Linux's 128 KiB per string stops the command from starting (-1,
    /// <c>StartFailed</c>, the detail naming the variable).
    /// </summary>
    public int? MaxEnvironmentValueBytes { get; set; }

    /// <summary>
    /// The policy in force: <see cref="EnvironmentPolicy"/> plus <see cref="DropHeaders"/>, <see cref="RedactHeaders"/>
    /// and <see cref="MaxEnvironmentValueBytes"/>.
    /// </summary>
    public EnvironmentPolicy EffectiveEnvironmentPolicy
    {
        get
        {
            EnvironmentPolicy policy = DropHeaders.Count == 0 && RedactHeaders.Count == 0 ? EnvironmentPolicy : EnvironmentPolicy.Drop([.. DropHeaders]).Redact([.. RedactHeaders]);
            return MaxEnvironmentValueBytes is int max ? policy.LeaveOutValuesOver(max) : policy;
        }
    }

    /// <summary>Kamailio's <c>bash_safety</c> (default on): header values starting with <c>() {</c> lose their first two bytes.</summary>
    public bool BashSafety { get; set; } = true;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming every setting that is out of range (see <see cref="Problems"/>),
    /// all at once; its <see cref="ArgumentException.ParamName"/> is the first one.
    /// </summary>
    public void Validate()
    {
        System.Collections.Generic.IReadOnlyList<string> problems = Problems();
        if (problems.Count > 0)
        {
            string first = problems[0];
            throw new ArgumentException("Invalid ExecOptions: " + string.Join("; ", problems), first[..first.IndexOf(':', StringComparison.Ordinal)]);
        }
    }

    /// <summary>
    /// Every setting out of range, as <c>&lt;prefix&gt;&lt;Property&gt;: &lt;what it must be&gt; (got &lt;value&gt;)</c>;
    /// empty when all are valid. With the configuration section's path and a colon as <paramref name="prefix"/>, each
    /// names the configuration key to fix.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<string> Problems(string prefix = "")
    {
        // Checked on every call that passes ExecCallOptions: nothing is allocated while all is well.
        System.Collections.Generic.List<string>? problems = null;
        void Check(bool ok, string property, object? value, string rule)
        {
            if (!ok)
            {
                (problems ??= []).Add(prefix + property + ": " + rule + " (got " + (value is null ? "null" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)) + ")");
            }
        }

        Check(TimeToKill >= TimeSpan.Zero, nameof(TimeToKill), TimeToKill, "must be zero (no limit) or positive");
        Check(KillGrace >= TimeSpan.Zero, nameof(KillGrace), KillGrace, "must not be negative");
        Check(OutputDrain >= TimeSpan.Zero, nameof(OutputDrain), OutputDrain, "must not be negative");
        Check(MaxBranches is >= 1 and <= 32, nameof(MaxBranches), MaxBranches, "must be 1 to 32, as Kamailio's max_branches");
        Check(MaxOutputBytes >= 1, nameof(MaxOutputBytes), MaxOutputBytes, "must be positive");
        Check(MaxOutputLines >= 1, nameof(MaxOutputLines), MaxOutputLines, "must be positive");
        Check(MaxStderrBytes >= 0, nameof(MaxStderrBytes), MaxStderrBytes, "must not be negative");
        Check(MaxConcurrency >= 1, nameof(MaxConcurrency), MaxConcurrency, "must be positive");
        Check(QueueLimit >= 0, nameof(QueueLimit), QueueLimit, "must not be negative");
        Check(!string.IsNullOrEmpty(Shell), nameof(Shell), Shell, "a shell is required");
        Check(EnvironmentPolicy is not null, nameof(EnvironmentPolicy), EnvironmentPolicy, "is required");
        Check(MaxEnvironmentValueBytes is null or >= 0, nameof(MaxEnvironmentValueBytes), MaxEnvironmentValueBytes, "must not be negative (null: no limit)");
        Check(Enum.IsDefined(ExpansionMode), nameof(ExpansionMode), ExpansionMode, "must be ShellSafe or Verbatim");
        Check(Enum.IsDefined(Stderr), nameof(Stderr), Stderr, "must be Inherit, Capture or Discard");
        Check(Enum.IsDefined(ShellUse), nameof(ShellUse), ShellUse, "must be Always or WhenNeeded");
        return (System.Collections.Generic.IReadOnlyList<string>?)problems ?? [];
    }

    /// <summary>A copy with the same settings.</summary>
    public ExecOptions Clone()
    {
        var copy = new ExecOptions
        {
            SetVars = SetVars,
            TimeToKill = TimeToKill,
            KillGrace = KillGrace,
            OutputDrain = OutputDrain,
            MaxBranches = MaxBranches,
            MaxOutputBytes = MaxOutputBytes,
            MaxOutputLines = MaxOutputLines,
            MaxStderrBytes = MaxStderrBytes,
            MaxConcurrency = MaxConcurrency,
            QueueLimit = QueueLimit,
            Shell = Shell,
            ExpansionMode = ExpansionMode,
            ShellUse = ShellUse,
            Stderr = Stderr,
            EnvironmentPolicy = EnvironmentPolicy,
            MaxEnvironmentValueBytes = MaxEnvironmentValueBytes,
            BashSafety = BashSafety,
        };
        foreach (string h in DropHeaders)
        {
            copy.DropHeaders.Add(h);
        }

        foreach (string h in RedactHeaders)
        {
            copy.RedactHeaders.Add(h);
        }

        return copy;
    }
}
