import { Placeholder } from './Placeholder';

export function FilesView() {
  return <Placeholder title="Files" summary="Temporary file hosting: upload, share and manage your files here." />;
}
