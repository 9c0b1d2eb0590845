namespace ImagePipeline.Imaging.Codecs.Probing;

/// <summary>JPEG: walks the marker segments from SOI to the first start-of-frame, skipping the others by their length.</summary>
internal static class JpegHeaderParser
{
    public static ImageHeader Parse(HeaderReader reader)
    {
        reader.SkipTo(2);
        while (true)
        {
            var marker = ReadMarker(reader);
            if (marker is 0xD9 or 0xDA)
            {
                throw HeaderReader.NotSupported("the JPEG file has no frame header before its image data");
            }

            // Standalone markers carry no length.
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                continue;
            }

            var length = reader.ReadUInt16(bigEndian: true);
            if (length < 2)
            {
                throw HeaderReader.NotSupported($"the JPEG segment length {length} is invalid");
            }

            if (IsStartOfFrame(marker))
            {
                reader.ReadByte(); // sample precision
                var height = reader.ReadUInt16(bigEndian: true);
                var width = reader.ReadUInt16(bigEndian: true);
                if (height == 0)
                {
                    throw HeaderReader.NotSupported("the JPEG frame leaves its height to a later DNL marker");
                }

                return new ImageHeader("jpeg", HeaderReader.Dimension(width, "JPEG", "width"), height);
            }

            reader.SkipTo(reader.Position + length - 2);
        }
    }

    private static byte ReadMarker(HeaderReader reader)
    {
        if (reader.ReadByte() != 0xFF)
        {
            throw HeaderReader.NotSupported($"the JPEG file has no marker at offset {reader.Position - 1}");
        }

        byte marker;
        do
        {
            marker = reader.ReadByte(); // 0xFF bytes before a marker are fill
        }
        while (marker == 0xFF);

        return marker;
    }

    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
}
