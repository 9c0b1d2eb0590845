using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Jobs;

public sealed class JobKeysTests
{
    static readonly Guid Job = Guid.NewGuid();

    [Fact]
    public void IsIntermediate_NamesEveryBlobTheAssemblerRemoves()
    {
        Assert.True(JobKeys.IsIntermediate(JobKeys.InputPack(Job, 3, 7)));
        // A store without staged writes keeps each tile's result as a blob under the results key.
        Assert.True(JobKeys.IsIntermediate(new PartedBlob(JobKeys.Results(Job, 3), 8).PartKey(7)));
        Assert.True(JobKeys.IsIntermediate(JobKeys.TileStatistics(Job, 3, 0, 7)));
        Assert.True(JobKeys.IsIntermediate(JobKeys.PassParameters(Job, 3, 0)));
    }

    [Theory]
    [InlineData("tiles")]
    [InlineData("passes")]
    [InlineData("photo.png")]
    public void IsIntermediate_IsFalseForWhatAJobKeeps_WhateverTheOutputIsCalled(string outputName)
    {
        Assert.False(JobKeys.IsIntermediate(JobKeys.Source(Job, 3)));
        Assert.False(JobKeys.IsIntermediate(JobKeys.Manifest(Job)));
        Assert.False(JobKeys.IsIntermediate(JobKeys.Output(Job, outputName)));
    }
}
