// test/api/evidence-review.test.ts again, its photos in S3 (s3rver, test/helpers/s3.ts).
process.env.TEST_PHOTO_STORE = 's3';
await import('../evidence-review.test.js');
