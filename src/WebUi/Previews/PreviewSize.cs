namespace ImagePipeline.WebUi.Previews;

/// <summary>The pictures the page shows of an input or output, so it never loads a large original just to show it small.</summary>
internal enum PreviewSize
{
    /// <summary>At most <see cref="PreviewRenderer.ThumbSide"/> px on its longer side: the batch's grid.</summary>
    Thumb,

    /// <summary>At most <see cref="PreviewRenderer.ViewSide"/> px: the comparison, until it is zoomed in further.</summary>
    View,

    /// <summary>Every pixel, in a format browsers show: the comparison zoomed in.</summary>
    Full,
}
