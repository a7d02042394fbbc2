using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;

namespace ExecToolkit.E2E.Tests;

/// <summary>
/// exectoolkit-charts as the measuring scripts call it (tests/headtohead/run.sh, tests/ExecToolkit.Benchmarks/throughput.sh):
/// a CSV in the scripts' format gives a PNG with the caption under the panels; a CSV it cannot read gives one line
/// naming the place and exit 1, and no image.
/// </summary>
public sealed class ChartTests : IDisposable
{
    private static readonly string Dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "tools", "ExecToolkit.Charts", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "exectoolkit-charts.dll"));

    private readonly string folder = Directory.CreateTempSubdirectory("exectoolkit-charts-").FullName;

    [Fact]
    public void The_head_to_head_chart_is_drawn_from_the_scripts_csv()
    {
        // As run.sh writes it: one row per round, "?" where a capture gave nothing.
        string csv = Write("headtohead.csv",
            "rate,server,round,calls,failed,median_ms,p99_ms\n" +
            "100,Kamailio 5.6.3,1,2000,0,2.28,3.19\n100,Kamailio 5.6.3,2,2000,0,2.1,3.3\n" +
            "100,ExecToolkit through sh -c,1,2000,0,1.9,3.06\n100,ExecToolkit through sh -c,2,2000,0,1.8,2.9\n" +
            "100,ExecToolkit without the shell,1,2000,0,1.69,2.51\n100,ExecToolkit without the shell,2,2000,0,1.7,2.5\n" +
            "1000,Kamailio 5.6.3,1,20000,12,157.68,680.57\n1000,Kamailio 5.6.3,2,20000,?,?,?\n" +
            "1000,ExecToolkit through sh -c,1,20000,0,3.8,28.12\n1000,ExecToolkit through sh -c,2,20000,0,3.7,22.08\n" +
            "1000,ExecToolkit without the shell,1,20000,0,2.29,5.15\n1000,ExecToolkit without the shell,2,20000,0,2.3,5.6\n");
        string png = Path.Combine(folder, "out", "headtohead.png");

        (int exit, string stdout, string stderr) = Run("headtohead", "--input", csv, "--output", png, "--command", "ROUNDS=2 bash tests/headtohead/run.sh 20 100 1000", "--date", "2026-12-05");

        Assert.True(exit == 0, stderr);
        Assert.Equal(png, stdout.Trim());
        (int width, int height) = PngSize(png);
        Assert.Equal(1200, width);
        Assert.True(height > 620 + 380, "the two panels and the caption: " + height);
    }

    [Fact]
    public void The_throughput_chart_is_drawn_from_the_benchmarks_csv()
    {
        string csv = Write("throughput.csv",
            "command,concurrency,popen_per_s,shell_per_s,noshell_per_s\n" +
            "binary,1,1019,1001,1667\nbinary,2,1744,2117,3174\nscript,1,1079,994,1960\nbuiltin,1,2234,2043,2054\n");
        string png = Path.Combine(folder, "throughput.png");

        (int exit, _, string stderr) = Run("throughput", "--input", csv, "--output", png, "--command", "bash tests/ExecToolkit.Benchmarks/throughput.sh");

        Assert.True(exit == 0, stderr);
        Assert.Equal(1200, PngSize(png).Width);
    }

    [Theory]
    [InlineData("rate,server,round,calls,failed,median_ms,p99_ms\n100,Kamailio, 5.6,1,2000,0,2,3\n", "headtohead.csv:2: 8 fields where the header has 7")]
    [InlineData("rate,server,round,calls,failed,median_ms,p99_ms\n", "no measurements")]
    [InlineData("rate,server,round,calls,failed,median_ms\n100,K,1,2000,0,2\n", "no column 'p99_ms'")]
    [InlineData("rate,server,round,calls,failed,median_ms,p99_ms\n100,K,1,2000,0,fast,3\n", "'fast' in column 'median_ms' is not a number")]
    public void A_csv_it_cannot_read_is_one_line_and_exit_1(string content, string expected)
    {
        string csv = Write("headtohead.csv", content);
        string png = Path.Combine(folder, "bad.png");

        (int exit, _, string stderr) = Run("headtohead", "--input", csv, "--output", png, "--command", "x");

        Assert.Equal(1, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(png));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    // Width and height from the PNG's IHDR chunk, after the signature.
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        System.Threading.Tasks.Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "exectoolkit-charts did not finish in 60 s");
        return (p.ExitCode, stdout, stderr.Result);
    }
}
