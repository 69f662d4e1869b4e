using System.Buffers.Binary;
using System.IO.Compression;

namespace Runbooks.Tests.Support;

/// <summary>
/// Just enough of a PNG decoder to look at a browser's screenshot: 8-bit RGB or RGBA, not interlaced (what Chromium
/// writes), inflated with the runtime's own zlib, so no imaging package is needed.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, int[] pixels) => (Width, Height, Pixels) = (width, height, pixels);

    public int Width { get; }
    public int Height { get; }

    /// <summary>Each pixel as 0xRRGGBB, row by row.</summary>
    public int[] Pixels { get; }

    public static bool HasSignature(byte[] file) => file.Length > 8 && file.AsSpan(0, 8).SequenceEqual(Signature);

    public static PngImage Read(string path)
    {
        var file = File.ReadAllBytes(path);
        if (!HasSignature(file)) throw new InvalidDataException($"{path} is not a PNG file.");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0) throw new InvalidDataException($"{path}: only 8-bit, non-interlaced PNG is read here.");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"{path}: colour type {data[9]} is not RGB or RGBA.") };
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var pixels = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, row, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                row[i] = (byte)(row[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{path}: filter {filter} in row {y}."),
                });
            }
            for (var x = 0; x < width; x++)
                pixels[y * width + x] = row[x * channels] << 16 | row[x * channels + 1] << 8 | row[x * channels + 2];
            (previous, row) = (row, previous);
        }
        return new PngImage(width, height, pixels);
    }

    /// <summary>How many pixels are within <paramref name="tolerance"/> per channel of <paramref name="rgb"/> ("#1f9d55").</summary>
    public int Count(string rgb, int tolerance = 12)
    {
        var want = Convert.ToInt32(rgb.TrimStart('#'), 16);
        return Pixels.Count(p => Math.Abs((p >> 16) - (want >> 16)) <= tolerance
            && Math.Abs((p >> 8 & 0xff) - (want >> 8 & 0xff)) <= tolerance
            && Math.Abs((p & 0xff) - (want & 0xff)) <= tolerance);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
