// The light build of Bottleneck, which the octokit plugins use, has the main build's types.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
