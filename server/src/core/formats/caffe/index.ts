// The Caffe prototxt importer: analyzeCaffe(text, options) -> FileAnalysis (see analyzeCaffe.ts).
export { analyzeCaffe, type CaffeOptions } from './analyzeCaffe';
