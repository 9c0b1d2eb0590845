using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.Imaging.Operations.Steps.Edges;

/// <summary>
/// The reduction of Canny's tiled pass: joins edge pieces that touch across tile sides and corners
/// (8-connectivity, as Canny's hysteresis follows them) and finds, for every tile, which of its pieces are
/// kept only because a strong pixel lies elsewhere in the joined piece.
/// </summary>
internal static class EdgePieceJoin
{
    /// <summary>Per tile, the labels kept by a neighbour; stored as the parameters of the second pass.</summary>
    public static int[][] KeptByNeighbours(IReadOnlyList<EdgePieceBorders> tiles, TileGrid grid)
    {
        if (tiles.Count != grid.Count)
            throw new InvalidImageException($"{tiles.Count} tile edge statistics for a grid of {grid.Count} tiles");

        // One node per (tile, label): the tile's first node plus the label.
        var first = new int[tiles.Count + 1];
        for (var tile = 0; tile < tiles.Count; tile++)
            first[tile + 1] = checked(first[tile] + tiles[tile].LabelCount);
        var sets = new DisjointSets(first[^1]);

        for (var row = 0; row < grid.Rows; row++)
        {
            for (var column = 0; column < grid.Columns; column++)
            {
                var a = grid.IndexAt(column, row);
                if (grid.IndexAt(column + 1, row) is var right and >= 0)
                    JoinSides(tiles[a].Right, first[a], tiles[right].Left, first[right], sets);
                if (grid.IndexAt(column, row + 1) is var below and >= 0)
                    JoinSides(tiles[a].Bottom, first[a], tiles[below].Top, first[below], sets);
                if (grid.IndexAt(column + 1, row + 1) is var belowRight and >= 0)
                    Join(tiles[a].Bottom[^1], first[a], tiles[belowRight].Top[0], first[belowRight], sets);
                if (grid.IndexAt(column - 1, row + 1) is var belowLeft and >= 0)
                    Join(tiles[a].Bottom[0], first[a], tiles[belowLeft].Top[^1], first[belowLeft], sets);
            }
        }

        var strongRoots = new HashSet<int>();
        for (var tile = 0; tile < tiles.Count; tile++)
        {
            for (var label = 1; label < tiles[tile].LabelCount; label++)
            {
                if (tiles[tile].Strong[label])
                    strongRoots.Add(sets.Find(first[tile] + label));
            }
        }

        // Only pieces on a side can be joined to another tile's, so only side labels are looked at.
        return tiles.Select((borders, tile) => new[] { borders.Top, borders.Bottom, borders.Left, borders.Right }
                .SelectMany(side => side)
                .Where(label => label != 0 && !borders.Strong[label] && strongRoots.Contains(sets.Find(first[tile] + label)))
                .Distinct()
                .Order()
                .ToArray())
            .ToArray();
    }

    public static byte[] ToBytes(int[][] keptByTile)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(keptByTile.Length);
            var offset = 0;
            foreach (var kept in keptByTile)
            {
                writer.Write(offset);
                offset += kept.Length;
            }

            writer.Write(offset);
            foreach (var label in keptByTile.SelectMany(kept => kept))
                writer.Write(label);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads one tile's kept labels without reading the other tiles'.</summary>
    /// <exception cref="InvalidImageException">The parameters do not hold that tile.</exception>
    public static IReadOnlySet<int> KeptFor(ReadOnlySpan<byte> parameters, int tile)
    {
        static int IntAt(ReadOnlySpan<byte> bytes, long index) =>
            index >= 0 && (index + 1) * 4 <= bytes.Length
                ? BitConverter.ToInt32(bytes.Slice((int)(index * 4), 4))
                : throw new InvalidImageException("edge parameters are truncated");

        var tileCount = IntAt(parameters, 0);
        if (tile < 0 || tile >= tileCount)
            throw new InvalidImageException($"edge parameters hold {tileCount} tiles, not tile {tile}");
        var start = IntAt(parameters, 1 + tile);
        var end = IntAt(parameters, 2 + tile);
        var labels = new HashSet<int>();
        for (var i = start; i < end; i++)
            labels.Add(IntAt(parameters, 2L + tileCount + i));
        return labels;
    }

    static void JoinSides(int[] side, int sideFirst, int[] facing, int facingFirst, DisjointSets sets)
    {
        for (var i = 0; i < side.Length; i++)
        {
            if (side[i] == 0)
                continue;
            for (var j = Math.Max(0, i - 1); j <= Math.Min(facing.Length - 1, i + 1); j++)
                Join(side[i], sideFirst, facing[j], facingFirst, sets);
        }
    }

    static void Join(int label, int labelFirst, int other, int otherFirst, DisjointSets sets)
    {
        if (label != 0 && other != 0)
            sets.Union(labelFirst + label, otherFirst + other);
    }

    /// <summary>Union-find with path halving and union by size.</summary>
    sealed class DisjointSets
    {
        readonly int[] parent;
        readonly int[] size;

        public DisjointSets(int count)
        {
            parent = Enumerable.Range(0, count).ToArray();
            size = new int[count];
            Array.Fill(size, 1);
        }

        public int Find(int node)
        {
            while (parent[node] != node)
            {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }

            return node;
        }

        public void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a == b)
                return;
            if (size[a] < size[b])
                (a, b) = (b, a);
            parent[b] = a;
            size[a] += size[b];
        }
    }
}
