namespace ImagePipeline.Imaging.Operations.Steps.Edges;

/// <summary>
/// What one tile tells the reduction about its edge pieces: how many labels it has, which hold a strong
/// pixel, and the label of every pixel along the four sides of its core (0 where there is no candidate).
/// </summary>
internal sealed record EdgePieceBorders(int LabelCount, bool[] Strong, int[] Top, int[] Bottom, int[] Left, int[] Right)
{
    public static EdgePieceBorders Of(EdgePieces pieces)
    {
        return new EdgePieceBorders(pieces.Count, pieces.Strong,
            pieces.Row(0), pieces.Row(pieces.Height - 1), pieces.Column(0), pieces.Column(pieces.Width - 1));
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(LabelCount);
            writer.Write(Top.Length);
            writer.Write(Left.Length);
            foreach (var strong in Strong)
                writer.Write(strong);
            foreach (var side in new[] { Top, Bottom, Left, Right })
            {
                foreach (var label in side)
                    writer.Write(label);
            }
        }

        return buffer.ToArray();
    }

    /// <exception cref="InvalidImageException">The bytes are not a tile's edge-piece borders.</exception>
    public static EdgePieceBorders FromBytes(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            var labelCount = reader.ReadInt32();
            var width = reader.ReadInt32();
            var height = reader.ReadInt32();
            if (labelCount < 1 || width < 1 || height < 1 || bytes.Length != 12 + labelCount + 8L * (width + height))
                throw new InvalidImageException("tile edge statistics have an inconsistent size");
            var strong = Enumerable.Range(0, labelCount).Select(_ => reader.ReadBoolean()).ToArray();
            int[] Side(int length) => Enumerable.Range(0, length).Select(_ => Label(reader.ReadInt32(), labelCount)).ToArray();
            return new EdgePieceBorders(labelCount, strong, Side(width), Side(width), Side(height), Side(height));
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidImageException("tile edge statistics are truncated", exception);
        }
    }

    static int Label(int label, int labelCount) =>
        label >= 0 && label < labelCount ? label : throw new InvalidImageException($"tile edge statistics name label {label} of {labelCount}");
}
