import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { LocalPhotoStore, photoStoreOf } from '../../server/evidence/store.js';
import { S3PhotoStore } from '../../server/evidence/s3-store.js';

// PHOTO_STORE and the S3_* variables (server/config.ts): the names deployment scripts rely on, each
// wrong value refused naming its variable.

const s3 = { PHOTO_STORE: 's3', S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'film2131-photos', S3_ACCESS_KEY_ID: 'film2131', S3_SECRET_ACCESS_KEY: 'secret-key-1', S3_FORCE_PATH_STYLE: 'true' };

describe('the photo store configuration', () => {
  it('when nothing is set, photos are kept in the folder <DATA_DIR>/photos', () => {
    const c = loadConfig({});
    expect(c.photos).toMatchObject({ store: 'local', dir: path.resolve('./data/photos'), s3: undefined });
    expect(photoStoreOf(c.photos)).toBeInstanceOf(LocalPhotoStore);
  });

  it('when PHOTO_STORE=s3 with its S3_* variables, photos are kept in that bucket', () => {
    const c = loadConfig(s3);
    expect(c.photos.store).toBe('s3');
    expect(c.photos.s3).toEqual({ endpoint: 'http://minio:9000', bucket: 'film2131-photos', region: 'us-east-1', credentials: { accessKeyId: 'film2131', secretAccessKey: 'secret-key-1' }, forcePathStyle: true });
    const store = photoStoreOf(c.photos);
    expect(store).toBeInstanceOf(S3PhotoStore);
    expect(store.where).toBe('http://minio:9000/film2131-photos');
    (store as S3PhotoStore).close();
  });

  it('when only S3_BUCKET is given, Amazon S3 in us-east-1 with the SDK\'s own credentials, addressed by host name', () => {
    expect(loadConfig({ PHOTO_STORE: 's3', S3_BUCKET: 'photos.example', S3_REGION: 'cn-north-1' }).photos.s3).toEqual({ endpoint: undefined, bucket: 'photos.example', region: 'cn-north-1', credentials: undefined, forcePathStyle: false });
  });

  it('when PHOTO_STORE is local, the S3_* variables are kept for photos:to-s3 but the folder is the store', () => {
    const c = loadConfig({ ...s3, PHOTO_STORE: 'local' });
    expect(c.photos.s3?.bucket).toBe('film2131-photos');
    expect(photoStoreOf(c.photos)).toBeInstanceOf(LocalPhotoStore);
  });

  const bad: [Record<string, string>, string, RegExp][] = [
    [{ PHOTO_STORE: 's3' }, 'S3_BUCKET', /PHOTO_STORE=s3 needs the bucket/],
    [{ ...s3, S3_BUCKET: '' }, 'S3_BUCKET', /needs the bucket/],
    [{ PHOTO_STORE: 'minio' }, 'PHOTO_STORE', /local|s3/],
    [{ ...s3, S3_BUCKET: 'Film_Photos' }, 'S3_BUCKET', /bucket name/],
    [{ ...s3, S3_BUCKET: 'ab' }, 'S3_BUCKET', /bucket name/],
    [{ ...s3, S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT', /./],
    [{ ...s3, S3_ENDPOINT: 'ftp://minio:9000' }, 'S3_ENDPOINT', /http/],
    [{ ...s3, S3_REGION: 'Beijing 1' }, 'S3_REGION', /region/],
    [{ ...s3, S3_FORCE_PATH_STYLE: 'perhaps' }, 'S3_FORCE_PATH_STYLE', /./],
    [{ ...s3, S3_SECRET_ACCESS_KEY: '' }, 'S3_SECRET_ACCESS_KEY', /go together/],
    [{ ...s3, S3_ACCESS_KEY_ID: '' }, 'S3_ACCESS_KEY_ID', /go together/],
  ];
  it.each(bad)('when %j, the start is refused naming %s', (env, name, says) => {
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(new RegExp(`^Invalid configuration:\\n  ${name}: `));
    expect(message.split('\n')[1]).toMatch(says);
  });
});
