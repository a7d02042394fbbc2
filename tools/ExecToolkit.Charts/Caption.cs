using SkiaSharp;

namespace ExecToolkit.Charts;

/// <summary>When a chart's figures were measured and the command that measured them, drawn under the chart.</summary>
internal sealed record Caption(string Date, string Command)
{
    private const int Width = 1200;
    private const float TextSize = 15;

    /// <summary>The panels (PNG images of <see cref="Width"/> pixels) stacked, with the caption under them, as one PNG.</summary>
    public byte[] Compose(params byte[][] panels)
    {
        SKBitmap[] images = panels.Select(SKBitmap.Decode).ToArray();
        try
        {
            using var typeface = SKTypeface.FromFamilyName("DejaVu Sans Mono") ?? SKTypeface.Default;
            using var font = new SKFont(typeface, TextSize);
            List<string> lines = ["Measured " + Date + " with:", .. Wrap(Command, font, Width - 40)];
            int captionHeight = (int)(lines.Count * (TextSize + 6)) + 24;
            int height = images.Sum(i => i.Height) + captionHeight;
            using var surface = SKSurface.Create(new SKImageInfo(Width, height));
            SKCanvas canvas = surface.Canvas;
            canvas.Clear(SKColors.White);
            int y = 0;
            foreach (SKBitmap image in images)
            {
                canvas.DrawBitmap(image, (Width - image.Width) / 2f, y);
                y += image.Height;
            }

            using var paint = new SKPaint { Color = new SKColor(0x33, 0x33, 0x33), IsAntialias = true };
            float baseline = y + 12 + TextSize;
            foreach (string line in lines)
            {
                canvas.DrawText(line, 20, baseline, SKTextAlign.Left, font, paint);
                baseline += TextSize + 6;
            }

            using SKImage snapshot = surface.Snapshot();
            using SKData data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }
        finally
        {
            foreach (SKBitmap image in images)
            {
                image.Dispose();
            }
        }
    }

    // The command broken at spaces into lines that fit; a word longer than a line stands alone.
    private static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        string line = "  ";
        foreach (string word in text.Split(' '))
        {
            string tried = line.Length > 2 ? line + " " + word : line + word;
            if (line.Length > 2 && font.MeasureText(tried) > width)
            {
                yield return line;
                tried = "    " + word;
            }

            line = tried;
        }

        yield return line;
    }
}
